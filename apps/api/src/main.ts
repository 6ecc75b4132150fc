import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { boot } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { demoLoginLines } from './demo/login-notice.ts';
import { seedDemo } from './demo/seed.ts';
import { startServer } from './server.ts';

// `pnpm start`: the API, the console and the workers in one process; embedded services for
// whatever is not configured; demo data on the embedded database (or with --demo).

const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const booted = await boot(config);
  const { ctx } = booted;
  const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../console/dist');
  const server = await startServer(booted, { consoleDir: existsSync(path.join(consoleDir, 'index.html')) ? consoleDir : undefined });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    ctx.logger.info({ signal }, 'shutting down');
    await server.close();
    await booted.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const out = (s = '') => process.stdout.write(`${s}\n`);
  if (!config.databaseUrl || values.demo) {
    out('Kura: preparing demo data (first start generates 30 calls with ffmpeg; later starts skip this)…');
    const { seeded, logins } = await seedDemo(ctx, {
      onProgress: (done, total) => {
        if (done % 5 === 0 || done === total) out(`  demo calls ${done}/${total}`);
      },
    });
    server.worker?.poke();
    out();
    out(`Kura is running: ${server.url}`);
    if (booted.demoIngestToken) out(`Demo ingest token (Authorization: Bearer …): ${booted.demoIngestToken}`);
    for (const line of demoLoginLines(logins)) out(line);
    if (seeded) out('Recordings are being probed and thumbnailed in the background.');
  } else {
    out(`Kura is running: ${server.url}`);
  }
  out('Press Ctrl+C to stop.');
}

main().catch((err) => {
  console.error(`Kura failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
