import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, migrateToLatest } from '@kura/db';
import { loadConfig } from '../../apps/api/src/config.ts';
import { startChildService } from '../../apps/api/src/embedded/child-service.ts';
import { startThrowawayPostgres } from './throwaway-postgres.ts';
import { withDatabase } from './pg-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgPrefix: string;
    s3Endpoint: string;
  }
}

/**
 * Once per run: a migrated template database (each test file clones it), and one S3-compatible
 * server over HTTP (each test file makes its own bucket).
 */
export default async function setup(project: TestProject) {
  const config = loadConfig();
  const throwaway = config.databaseUrl ? null : await startThrowawayPostgres();
  const adminUrl = config.databaseUrl ?? throwaway!.url;
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const prefix = `kura_t_${runId}`;
  const template = `${prefix}_tpl`;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  await admin.end();
  const db = createDb(withDatabase(adminUrl, template), 2);
  await migrateToLatest(db);
  await db.destroy();

  const s3Dir = await mkdtemp(path.join(os.tmpdir(), 'kura-s3-'));
  const s3 = await startChildService('s3rver-child.mjs', [s3Dir, '0'], {
    name: 'test s3rver',
    nodeOptions: ['--openssl-legacy-provider'],
  });

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgPrefix', prefix);
  project.provide('s3Endpoint', `http://127.0.0.1:${s3.port}`);

  return async () => {
    await s3.stop();
    await rm(s3Dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`]);
    for (const r of rows) await c.query(`drop database if exists ${r.datname} with (force)`);
    await c.end();
    throwaway?.stop();
  };
}
