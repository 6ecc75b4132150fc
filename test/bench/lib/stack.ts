import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { createDb, migrateToLatest } from '@kura/db';
import { buildContext } from '../../../apps/api/src/bootstrap.ts';
import { loadConfig, type S3Config } from '../../../apps/api/src/config.ts';
import type { AppContext } from '../../../apps/api/src/context.ts';
import { startChildService, type ChildService } from '../../../apps/api/src/embedded/child-service.ts';
import { createLogger } from '../../../apps/api/src/logger.ts';
import { addStaffUser } from '../../../apps/api/src/services/auth/staff-users.ts';
import { withDatabase } from '../../support/pg-url.ts';
import { productionNodeFlags } from '../../../scripts/node-flags.mjs';
import { startThrowawayPostgres } from '../../support/throwaway-postgres.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const INGEST_TOKEN = `bench-ingest-${randomBytes(16).toString('hex')}`;
/** For the server's /metrics, which the ingest scenario reads its memory from. */
export const METRICS_TOKEN = `bench-metrics-${randomBytes(16).toString('hex')}`;

/** The Kura server under test, as its own process (so its resident memory is its own). */
export interface KuraServer {
  url: string;
  pid: number;
  /** VmRSS of the server process, in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

export interface Stack {
  adminUrl: string;
  /** Which PostgreSQL the run timed: commits cost a WAL flush on a real server, not on the private one. */
  postgres: 'DATABASE_URL' | 'a private cluster (fsync=off)';
  dbUrl: string;
  dbName: string;
  s3: S3Config;
  /** A plain S3 client for the baselines: what storing plain files would cost. */
  plainS3: S3Client;
  server: KuraServer;
  /** The S3 server's process (for CPU accounting). */
  s3rverPid: number;
  /** The same database, key ring and bucket as the server, for setting up data. */
  ctx: AppContext;
  /** A staff member with these roles, signed in over HTTP. */
  staffSession(roles: ('moderator' | 'lead' | 'admin' | 'auditor')[]): Promise<{ cookie: string; csrfToken: string }>;
  close(): Promise<void>;
}

/**
 * A throwaway database on DATABASE_URL's server (or a private cluster when unset), migrated; an
 * s3rver child over HTTP; the real Kura server (the production bundle of apps/api/src/main.ts) as a child process against
 * both; and a context of the bench's own on the same database, bucket and key ring.
 */
export async function startStack(opts: { serverNodeArgs?: string[]; overridingNodeArgs?: string[] } = {}): Promise<Stack> {
  const env = loadConfig();
  const throwaway = env.databaseUrl ? null : await startThrowawayPostgres();
  const adminUrl = env.databaseUrl ?? throwaway!.url;
  const dbName = `kura_bench_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dbUrl = withDatabase(adminUrl, dbName);
  const migrator = createDb(dbUrl, 1);
  await migrateToLatest(migrator);
  await migrator.destroy();

  const s3Dir = await mkdtemp(path.join(os.tmpdir(), 'kura-bench-s3-'));
  const s3rver: ChildService = await startChildService('s3rver-child.mjs', [s3Dir, '0'], {
    name: 'bench s3rver',
    nodeOptions: ['--openssl-legacy-provider'],
  });
  const s3: S3Config = {
    endpoint: `http://127.0.0.1:${s3rver.port}`,
    bucket: `bench-${randomBytes(4).toString('hex')}`,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kura-bench-data-'));
  const server = await startKuraServer(
    {
      DATABASE_URL: dbUrl,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      KURA_INGEST_TOKENS: INGEST_TOKEN,
      KURA_METRICS_TOKEN: METRICS_TOKEN,
      KURA_DATA_DIR: dataDir,
      PORT: '0',
      // Processing would run ffmpeg over the benchmark's random bytes in the middle of the timings.
      KURA_WORKERS: 'off',
      KURA_SAMPLE_RATE: '0',
      KURA_CHECKPOINT_MINUTES: 'off',
      // The retention scenario runs the job itself; a scheduled run would race it for the lock.
      KURA_RETENTION_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
    },
    opts.serverNodeArgs,
    opts.overridingNodeArgs,
  );
  const config = { ...loadConfig({ KURA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), sampleRate: 0 };
  const { ctx } = await buildContext({
    config,
    databaseUrl: dbUrl,
    s3,
    ingestTokens: [INGEST_TOKEN],
    logger: createLogger('silent'),
    createKeyring: false,
    poolSize: 4,
  });
  const plainS3 = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    adminUrl,
    postgres: throwaway ? 'a private cluster (fsync=off)' : 'DATABASE_URL',
    dbUrl,
    dbName,
    s3,
    plainS3,
    server,
    s3rverPid: s3rver.pid,
    ctx,
    staffSession: async (roles) => {
      const email = `bench-${randomBytes(5).toString('hex')}@kura.test`;
      const password = `pw-${randomBytes(12).toString('base64url')}`;
      await addStaffUser(ctx, { email, password, roles }, { type: 'system', id: 'bench' });
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers
        .getSetCookie()
        .map((l) => l.split(';')[0]!.trim())
        .find((p) => p.startsWith('kura_session='));
      if (!cookie) throw new Error('sign-in set no session cookie');
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie, csrfToken };
    },
    close: async () => {
      await server.stop();
      await ctx.db.destroy();
      ctx.store.destroy();
      plainS3.destroy();
      await s3rver.stop();
      await rm(s3Dir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
      throwaway?.stop();
    },
  };
}

/** Where the bench builds the server (ignored by git; next to apps/api/node_modules for its imports). */
const SERVER_BUILD = path.join(ROOT, 'apps/api/.bench-build');

/**
 * The server as it ships: `pnpm build:api`'s bundle (plain JavaScript, no TypeScript loader at run
 * time), built from the current source into a folder of the bench's own, then
 * `node <start:prod's flags> <build>/main.js` as one process.
 */
/**
 * `extraNodeArgs` go before start:prod's flags, `overridingNodeArgs` after them (an experiment with
 * a flag the server ships with: `pnpm bench --server-node-args=...`).
 */
export async function startKuraServer(
  env: Record<string, string>,
  extraNodeArgs: string[] = [],
  overridingNodeArgs: string[] = [],
): Promise<KuraServer> {
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/build-api.mjs')], {
    cwd: ROOT,
    env: { ...process.env, KURA_BUILD_OUTDIR: SERVER_BUILD },
  });
  const child: ChildProcess = spawn(
    process.execPath,
    [...extraNodeArgs, ...productionNodeFlags(), ...overridingNodeArgs, path.join(SERVER_BUILD, 'main.js')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => {
    stderr.push(d.toString());
    if (stderr.length > 40) stderr.shift();
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kura did not start: ${stderr.join('')}`)), 120_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /Kura is running: (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Kura exited (${code}): ${stderr.join('')}`));
    });
  });
  const pid = child.pid!;
  return {
    url,
    pid,
    rss: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : NaN;
    },
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(kill, 10_000);
        child.once('exit', () => (clearTimeout(t), resolve()));
        child.kill('SIGTERM');
      });
    },
  };
}

/** `total` bytes of a random 1 MiB block repeated, as a stream (nothing held but the block). */
export function byteSource(total: number, block: Buffer = randomBytes(1024 * 1024)): Readable {
  let sent = 0;
  return new Readable({
    highWaterMark: block.length,
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(block.length, total - sent);
      sent += n;
      this.push(n === block.length ? block : block.subarray(0, n));
    },
  });
}
