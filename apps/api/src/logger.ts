import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
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
  });
}
