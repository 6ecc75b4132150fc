import pino, { type DestinationStream, type Logger } from 'pino';

export type { DestinationStream, Logger };

/** `destination` defaults to stdout; tests pass a stream to read what would have been logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'kura' },
    // Secrets never reach the log: tokens, cookies, passwords, keys.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        'token',
        '*.password',
        '*.token',
        'dek',
        'kek',
        'privateKey',
        '*.privateKey',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
