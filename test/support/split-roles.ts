import { spawnSync } from 'node:child_process';
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
import { createLogger } from '../../apps/api/src/logger.ts';
import { listen } from '../../apps/api/src/server.ts';
import { TEST_INGEST_TOKEN, type Harness } from './harness.ts';
import { withDatabase } from './pg-url.ts';

const ROLES_SQL = path.resolve(import.meta.dirname, '../../infra/postgres/roles.sql');

// The production arrangement of database roles on the test server: an empty database owned by an
// owner role that runs the migrations, and an application role that Kura grants what it needs.
// Roles belong to the whole server, so their names carry this database's name and go with it.

export interface SplitRoleDatabase {
  dbName: string;
  ownerRole: string;
  appRole: string;
  ownerUrl: string;
  appUrl: string;
  /** The superuser, on this database. */
  superUrl: string;
  drop(): Promise<void>;
}

function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

async function asAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * An empty database owned by a new owner role, plus an application role with no table privileges
 * yet, made by the operator script infra/postgres/roles.sql through psql, as an operator would.
 */
export async function createSplitRoleDatabase(): Promise<SplitRoleDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const dbName = `${inject('pgPrefix')}_roles_${randomBytes(4).toString('hex')}`;
  const ownerRole = `${dbName}_owner`;
  const appRole = `${dbName}_app`;
  const psql = spawnSync(
    'psql',
    [
      adminUrl,
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-v',
      `db=${dbName}`,
      '-v',
      `owner=${ownerRole}`,
      '-v',
      `app=${appRole}`,
      '-f',
      ROLES_SQL,
    ],
    { encoding: 'utf8' },
  );
  if (psql.status !== 0) throw new Error(`psql -f infra/postgres/roles.sql: ${psql.error?.message ?? psql.stderr}`);
  const superUrl = withDatabase(adminUrl, dbName);
  return {
    dbName,
    ownerRole,
    appRole,
    ownerUrl: withUser(superUrl, ownerRole),
    appUrl: withUser(superUrl, appRole),
    superUrl,
    drop: () =>
      asAdmin(adminUrl, async (c) => {
        // A pool's end() does not wait for its backends to exit; forcing the drop while one is
        // still on its way out sends that client an error nobody is listening for any more.
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [dbName]);
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`drop database if exists ${dbName} with (force)`);
        await c.query(`drop role if exists ${appRole}`);
        await c.query(`drop role if exists ${ownerRole}`);
      }),
  };
}

export interface SplitRoleHarness extends Harness {
  roles: SplitRoleDatabase;
}

/**
 * createHarness() with two roles: migrations as the owner, the app (HTTP server, ctx.db) as the
 * application role. `dbUrl` stays the superuser's, as in the plain harness (tamperAudit, asSuperuser).
 */
export async function createSplitRoleHarness(roles: SplitRoleDatabase, overrides: Partial<Config> = {}): Promise<SplitRoleHarness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kura-test-'));
  const config: Config = {
    ...loadConfig({ KURA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: roles.appUrl, DATABASE_MIGRATION_URL: roles.ownerUrl }),
    ...overrides,
  };
  let offset = 0;
  const { ctx } = await buildContext({
    config,
    databaseUrl: roles.appUrl,
    migrationUrl: roles.ownerUrl,
    s3: {
      endpoint: inject('s3Endpoint'),
      bucket: `t-${randomBytes(6).toString('hex')}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    ingestTokens: [TEST_INGEST_TOKEN],
    logger: createLogger(config.logLevel),
    now: () => new Date(Date.now() + offset),
    createKeyring: true,
  });
  const server: ServerType = await listen(createApp(ctx), '127.0.0.1', 0);
  const { port } = server.address() as AddressInfo;
  return {
    roles,
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    dbUrl: roles.superUrl,
    dbName: roles.dbName,
    adminUrl: inject('pgAdminUrl'),
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
