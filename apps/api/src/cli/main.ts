import { parseArgs } from 'node:util';
import { boot, type Booted } from '../bootstrap.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { commands, usage } from './commands.ts';
import type { CliIo } from './io.ts';

// `pnpm kura <command>`: operator commands against the same configuration as the server.

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv: string[]): Promise<number> {
  const [group, sub, ...rest] = argv;
  const name = sub && !sub.startsWith('-') ? `${group} ${sub}` : (group ?? '');
  const args = sub && !sub.startsWith('-') ? rest : argv.slice(1);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`${name ? `unknown command: ${name}\n\n` : ''}${usage()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: false, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage()}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let booted: Booted | null = null;
  try {
    booted = await boot(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
    return await command.run(booted, parsed.values as Record<string, string | boolean | undefined>, {
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
      readStdin,
    });
  } catch (err) {
    const e = err as { code?: string; message?: string; details?: unknown };
    process.stderr.write(`error: ${e.message ?? String(err)}${e.details ? ` ${JSON.stringify(e.details)}` : ''}\n`);
    return 1;
  } finally {
    await booted?.shutdown();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
