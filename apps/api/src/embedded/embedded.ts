import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, S3Config } from '../config.ts';
import { startChildService, type ChildService } from './child-service.ts';

export interface EmbeddedServices {
  databaseUrl: string;
  s3: S3Config;
  stop(): Promise<void>;
}

const S3RVER_CREDENTIALS = { region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

interface RuntimeFile {
  pid: number;
  databaseUrl: string | null;
  s3Endpoint: string | null;
}

/**
 * Fills in whatever the configuration leaves unset with embedded services under dataDir. PGlite
 * allows one process per data folder, so a second Kura process (the CLI while the server runs)
 * attaches to the services the first one started instead of starting its own.
 */
export async function startEmbedded(config: Config): Promise<EmbeddedServices> {
  const runtimePath = path.join(config.dataDir, 'embedded.json');
  const running = await readRuntime(runtimePath);
  if (running) {
    return {
      databaseUrl: config.databaseUrl ?? running.databaseUrl ?? missing('database'),
      s3: config.s3 ?? (running.s3Endpoint ? { endpoint: running.s3Endpoint, bucket: 'kura', ...S3RVER_CREDENTIALS } : missing('S3')),
      stop: async () => undefined,
    };
  }
  const started: ChildService[] = [];
  const stop = async () => {
    await rm(runtimePath, { force: true });
    await Promise.all(started.map((s) => s.stop()));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const dir = path.join(config.dataDir, 'pg');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const pg = await startChildService('pglite-child.mjs', [dir, '0'], { name: 'embedded PostgreSQL (PGlite)', readyTimeoutMs: 120_000 });
      started.push(pg);
      databaseUrl = `postgres://postgres@127.0.0.1:${pg.port}/postgres?sslmode=disable`;
    }
    let s3 = config.s3;
    if (!s3) {
      const dir = path.join(config.dataDir, 's3');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const srv = await startChildService('s3rver-child.mjs', [dir, '0'], {
        name: 'embedded S3 (s3rver)',
        nodeOptions: ['--openssl-legacy-provider'],
      });
      started.push(srv);
      // s3rver's fixed development credentials; it listens on loopback only.
      s3 = { endpoint: `http://127.0.0.1:${srv.port}`, bucket: 'kura', ...S3RVER_CREDENTIALS };
    }
    const runtime: RuntimeFile = {
      pid: process.pid,
      databaseUrl: config.databaseUrl ? null : databaseUrl,
      s3Endpoint: config.s3 ? null : s3.endpoint,
    };
    await writeFile(runtimePath, JSON.stringify(runtime), { mode: 0o600 });
    return { databaseUrl, s3, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function readRuntime(file: string): Promise<RuntimeFile | null> {
  let runtime: RuntimeFile;
  try {
    runtime = JSON.parse(await readFile(file, 'utf8')) as RuntimeFile;
  } catch {
    return null;
  }
  try {
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return null; // left behind by a process that is gone
  }
}

function missing(what: string): never {
  throw new Error(`the running Kura server has no embedded ${what}; configure it explicitly`);
}
