import { randomBytes } from 'node:crypto';
import { auditRoleProblems, createDb } from '@kura/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  createSplitRoleDatabase,
  createSplitRoleHarness,
  type SplitRoleDatabase,
  type SplitRoleHarness,
} from '../../../../../test/support/split-roles.ts';
import { TEST_INGEST_TOKEN } from '../../../../../test/support/harness.ts';
import { asSuperuser, auditRows, getMedia, grantAccess, seedRecording, staffSession } from '../../../../../test/support/seed-recording.ts';
import { buildContext } from '../../bootstrap.ts';
import { loadConfig } from '../../config.ts';
import { jobHandlers } from '../../jobs/catalogue.ts';
import { Worker } from '../../jobs/worker.ts';
import { createLogger } from '../../logger.ts';
import { recordAudit } from './audit-log.ts';
import { verifyChain } from './verify-chain.ts';

// DESIGN.md rule 3 on real PostgreSQL: migrations run as the owner, the application as a role that
// may only INSERT and SELECT audit rows. The append-only trigger stops the application's own
// mistakes; the missing privileges stop a compromised application from switching the trigger off.

let roles: SplitRoleDatabase;
let h: SplitRoleHarness;

beforeAll(async () => {
  roles = await createSplitRoleDatabase();
  h = await createSplitRoleHarness(roles);
});
afterAll(async () => {
  await h?.close();
  await roles?.drop();
});

async function asRole<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The error PostgreSQL answers `sql` with, as the given role. */
async function refusal(url: string, sql: string): Promise<{ code: string; message: string }> {
  return asRole(url, async (c) => {
    try {
      await c.query(sql);
    } catch (err) {
      const e = err as { code: string; message: string };
      return { code: e.code, message: e.message };
    }
    throw new Error(`${sql} succeeded`);
  });
}

describe('two roles', () => {
  it('migrations ran as the owner: it owns every table, the app role none', async () => {
    const owners = await asSuperuser(h, async (c) => {
      const { rows } = await c.query<{ tableowner: string; n: string }>(
        `select tableowner, count(*) as n from pg_tables where schemaname = 'public' group by tableowner`,
      );
      return rows.map((r) => r.tableowner);
    });
    expect(owners).toEqual([roles.ownerRole]);
    const { rows } = await asRole(roles.ownerUrl, (c) => c.query(`select count(*)::int as n from kysely_migration`));
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('the app connects as the application role and works: ingest, sign-in, grants, playback, jobs, audit', async () => {
    const { rows } = await asRole(roles.appUrl, (c) => c.query('select current_user as u'));
    expect(rows[0].u).toBe(roles.appRole);
    expect(await auditRoleProblems(h.ctx.db)).toEqual([]);

    const rec = await seedRecording(h, { bytes: randomBytes(70_000) });
    await new Worker(h.ctx, { handlers: jobHandlers }).drain();
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, rec.recordingId);
    const media = await getMedia(h, mod.session, rec.recordingId, 'bytes=0-99');
    expect(media.status).toBe(206);
    expect(Buffer.from(await media.arrayBuffer())).toEqual(rec.bytes.subarray(0, 100));

    const before = (await auditRows(h)).length;
    const seq = await recordAudit(
      h.ctx.db,
      { actor: { type: 'system', id: 'test' } },
      { action: 'demo.seeded', subject: { type: 'demo', id: 'roles' }, details: { calls: 0, reports: 0 } },
      h.ctx.now(),
    );
    expect(seq).toBe(before + 1);
    const actions = (await auditRows(h)).map((r) => r.action);
    for (const a of [
      'call.upserted',
      'recording.ingested',
      'recording.processed',
      'auth.login',
      'grant.created',
      'media.read',
      'demo.seeded',
    ]) {
      expect(actions).toContain(a);
    }
    expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: before + 1 });
  });

  it.each([
    ['UPDATE', 'update audit_events set details = \'{"x":1}\'::jsonb where seq = 1', /permission denied for table audit_events/],
    ['DELETE', 'delete from audit_events where seq = 1', /permission denied for table audit_events/],
    ['TRUNCATE', 'truncate audit_events', /permission denied for table audit_events/],
    [
      'ALTER TABLE … DISABLE TRIGGER',
      'alter table audit_events disable trigger audit_events_append_only',
      /must be owner of table audit_events/,
    ],
    ['ALTER TABLE … DISABLE TRIGGER ALL', 'alter table audit_events disable trigger all', /must be owner of table audit_events/],
    ['DROP TRIGGER', 'drop trigger audit_events_append_only on audit_events', /must be owner of (table|relation) audit_events/],
    ['DROP TABLE', 'drop table audit_events', /must be owner of table audit_events/],
    [
      'CREATE TRIGGER',
      'create trigger t before insert on audit_events for each row execute function kura_audit_append_only()',
      /permission denied for table audit_events/,
    ],
  ])('as the application role, %s on audit_events is refused by the privileges, not the trigger', async (_what, sql, message) => {
    const n = (await auditRows(h)).length;
    const e = await refusal(roles.appUrl, sql);
    expect(e.code).toBe('42501');
    expect(e.message).toMatch(message);
    expect(e.message).not.toMatch(/append-only/);
    expect((await auditRows(h)).length).toBe(n);
  });

  it('the application role cannot become the owner or grant itself more', async () => {
    expect((await refusal(roles.appUrl, `set role ${roles.ownerRole}`)).message).toMatch(/permission denied to set role/);
    await asRole(roles.appUrl, (c) => c.query(`grant update, delete, truncate on audit_events to ${roles.appRole}`)).catch(() => undefined);
    expect(await auditRoleProblems(h.ctx.db)).toEqual([]);
    expect((await refusal(roles.appUrl, 'delete from audit_events')).message).toMatch(/permission denied/);
  });

  it('the owner can disable the trigger (which is why the application must not be the owner)', async () => {
    const problems = await (async () => {
      const owner = createDb(roles.ownerUrl, 1);
      try {
        return await auditRoleProblems(owner);
      } finally {
        await owner.destroy();
      }
    })();
    expect(problems).toEqual([`role "${roles.ownerRole}" owns audit_events (and can disable its append-only trigger)`]);
    // The trigger still stops the owner's plain statements.
    expect((await refusal(roles.ownerUrl, 'delete from audit_events where seq = 1')).message).toMatch(/append-only/);
  });

  it('other tables keep ordinary DML for the application, tables a later migration adds included', async () => {
    await asRole(roles.appUrl, async (c) => {
      await c.query(`update staff_users set display_name = display_name`);
      await c.query(`delete from login_attempts where false`);
      await expect(c.query(`insert into kysely_migration (name, timestamp) values ('x', 'y')`)).rejects.toThrow(/permission denied/);
    });
    // A table the owner creates later (as a future migration would) is usable at once.
    await asRole(roles.ownerUrl, (c) => c.query('create table later_table (id bigserial primary key, v text)'));
    await asRole(roles.appUrl, async (c) => {
      await c.query(`insert into later_table (v) values ('a')`);
      await c.query(`update later_table set v = 'b'`);
      expect((await c.query('select v from later_table')).rows).toEqual([{ v: 'b' }]);
      await c.query('delete from later_table');
    });
  });
});

describe('start-up with two roles', () => {
  const parts = (appUrl: string, migrationUrl: string) => {
    const config = loadConfig({ LOG_LEVEL: 'silent', KURA_DATA_DIR: h.dataDir });
    return {
      config,
      databaseUrl: appUrl,
      migrationUrl,
      s3: {
        endpoint: inject('s3Endpoint'),
        bucket: h.ctx.store.bucket,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      },
      ingestTokens: [TEST_INGEST_TOKEN],
      logger: createLogger('silent'),
      createKeyring: false,
    };
  };

  it('re-grants idempotently, several processes at once', async () => {
    const booted = await Promise.all(
      [1, 2, 3].map(() => buildContext({ ...parts(roles.appUrl, roles.ownerUrl), config: { ...h.ctx.config } })),
    );
    for (const b of booted) {
      expect(b.migrations).toEqual([]);
      expect(await auditRoleProblems(b.ctx.db)).toEqual([]);
      await b.ctx.db.destroy();
      b.ctx.store.destroy();
    }
  });

  it('a process given only the application role starts once the schema is current (a worker, say)', async () => {
    const b = await buildContext({ ...parts(roles.appUrl, roles.ownerUrl), migrationUrl: undefined, config: { ...h.ctx.config } });
    try {
      expect(b.migrations).toEqual([]);
      expect(await auditRoleProblems(b.ctx.db)).toEqual([]);
    } finally {
      await b.ctx.db.destroy();
      b.ctx.store.destroy();
    }
  });

  it('refuses to start when the application role can still rewrite the chain, naming why', async () => {
    await asSuperuser(h, (c) => c.query(`grant ${roles.ownerRole} to ${roles.appRole}`));
    try {
      await expect(buildContext({ ...parts(roles.appUrl, roles.ownerUrl), config: { ...h.ctx.config } })).rejects.toThrow(
        `DATABASE_URL: the application's role could rewrite the audit chain: role "${roles.appRole}" is a member of "${roles.ownerRole}", which owns audit_events`,
      );
    } finally {
      await asSuperuser(h, (c) => c.query(`revoke ${roles.ownerRole} from ${roles.appRole}`));
    }
  });

  it('refuses the same role for both', async () => {
    await expect(buildContext({ ...parts(roles.ownerUrl, roles.ownerUrl), config: { ...h.ctx.config } })).rejects.toThrow(
      `DATABASE_MIGRATION_URL and DATABASE_URL both log in as "${roles.ownerRole}"`,
    );
    expect(await auditRoleProblems(h.ctx.db)).toEqual([]);
  });
});
