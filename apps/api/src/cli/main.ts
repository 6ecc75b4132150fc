import { parseArgs } from 'node:util';
import type { Booted } from '../bootstrap.ts';
import { offlineCommands, type OfflineCommand } from './offline-commands.ts';
import type { CliIo } from './io.ts';

// `pnpm kura <command>`: operator commands against the same configuration as the server, and
// offline checks that need none of it.

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const io: CliIo = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  readStdin,
};

async function main(argv: string[]): Promise<number> {
  const [group, sub, ...rest] = argv;
  const name = sub && !sub.startsWith('-') ? `${group} ${sub}` : (group ?? '');
  const args = sub && !sub.startsWith('-') ? rest : argv.slice(1);
  const offline = offlineCommands[name];
  if (offline) return runOffline(name, offline, args);

  // Loaded only here: an offline check should not pay for the database and S3 clients.
  const [{ boot }, { ConfigError, loadConfig }, { createLogger }, { commands, usage }] = await Promise.all([
    import('../bootstrap.ts'),
    import('../config.ts'),
    import('../logger.ts'),
    import('./commands.ts'),
  ]);
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
    return await command.run(booted, parsed.values as Record<string, string | boolean | undefined>, io);
  } catch (err) {
    const e = err as { code?: string; message?: string; details?: unknown };
    process.stderr.write(`error: ${e.message ?? String(err)}${e.details ? ` ${JSON.stringify(e.details)}` : ''}\n`);
    return 1;
  } finally {
    await booted?.shutdown();
  }
}

// No configuration is read and nothing is connected: these run wherever the files are.
async function runOffline(name: string, command: OfflineCommand, args: string[]): Promise<number> {
  const usage = `usage: pnpm kura ${name} ${command.args.map((a) => `<${a}>`).join(' ')} …\n  ${command.summary}`;
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed.positionals.length !== command.args.length) {
    process.stderr.write(`expected ${command.args.map((a) => `<${a}>`).join(' ')}\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, io, parsed.positionals);
  } catch (err) {
    // Exit 1 means "checked, and it does not hold"; anything that stopped the check is 2.
    process.stderr.write(`error: ${(err as Error).message ?? String(err)}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
