import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../apps/api/src/app.ts';
import { buildContext } from '../../apps/api/src/bootstrap.ts';
import { loadConfig, type Config } from '../../apps/api/src/config.ts';
import type { AppContext } from '../../apps/api/src/context.ts';
import { createLogger, type DestinationStream } from '../../apps/api/src/logger.ts';
import { listen } from '../../apps/api/src/server.ts';
import { withDatabase } from './pg-url.ts';

export const TEST_INGEST_TOKEN = 'test-ingest-token-0123456789abcdef';

export interface Harness {
  ctx: AppContext;
  /** http://127.0.0.1:<port> of a real HTTP server running the app. */
  baseUrl: string;
  dbUrl: string;
  dbName: string;
  adminUrl: string;
  dataDir: string;
  /** Moves the app's clock (sessions, grants) without sleeping. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** One database (cloned from the migrated template), one bucket, one key ring per call. */
export async function createHarness(
  overrides: Partial<Config> = {},
  opts: {
    consoleDir?: string;
    /** Where the app logs (at overrides.logLevel); a test reads what was logged. */ logDestination?: DestinationStream;
    /** Reach S3 through another address (a proxy a fault test can cut); the run's s3rver by default. */
    s3Endpoint?: string;
  } = {},
): Promise<Harness> {
  const adminUrl = inject('pgAdminUrl');
  const dbName = `${inject('pgPrefix')}_${randomBytes(5).toString('hex')}`;
  await cloneTemplate(adminUrl, inject('pgTemplate'), dbName);
  const dbUrl = withDatabase(adminUrl, dbName);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kura-test-'));
  // No random sampling unless a test asks for it: items appearing by chance would make counts flaky.
  const config: Config = { ...loadConfig({ KURA_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), sampleRate: 0, ...overrides };
  let offset = 0;
  const { ctx } = await buildContext({
    config,
    databaseUrl: dbUrl,
    s3: {
      endpoint: opts.s3Endpoint ?? inject('s3Endpoint'),
      bucket: `t-${randomBytes(6).toString('hex')}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    ingestTokens: [TEST_INGEST_TOKEN],
    logger: createLogger(config.logLevel, opts.logDestination),
    now: () => new Date(Date.now() + offset),
    createKeyring: true,
  });
  const app = createApp(ctx, { consoleDir: opts.consoleDir });
  const server: ServerType = await listen(app, '127.0.0.1', 0);
  const { port } = server.address() as AddressInfo;
  return {
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    dbUrl,
    dbName,
    adminUrl,
    dataDir,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await ctx.db.destroy();
      ctx.store.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Concurrent CREATE DATABASE from one template can collide; a short retry settles it.
async function cloneTemplate(adminUrl: string, template: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
}

export function bearer(token = TEST_INGEST_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
