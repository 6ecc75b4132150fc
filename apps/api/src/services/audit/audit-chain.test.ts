import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import {
  asSuperuser,
  auditRows,
  getMedia,
  grantAccess,
  postGrant,
  seedRecording,
  staffSession,
  tamperAudit,
  type SeededRecording,
  type StaffSession,
} from '../../../../../test/support/seed-recording.ts';
import { createDb } from '@kura/db';
import { appendAudit, appendAuditBatch, recordAudit } from './audit-log.ts';
import { eventHash } from './hash.ts';
import { verifyChain } from './verify-chain.ts';

// The hash chain end to end: written by real requests, read back by GET /api/audit/verify, broken
// on purpose by a superuser, and raced by concurrent writers.

let h: Harness;
let rec: SeededRecording;
let auditor: StaffSession;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h, { bytes: Buffer.alloc(100_000, 3) });
  auditor = await staffSession(h, ['auditor']);
  mod = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

async function verify(): Promise<{ intact: boolean; events: number; firstBrokenSeq?: number }> {
  const res = await fetch(`${h.baseUrl}/api/audit/verify`, { headers: auditor.session.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as { intact: boolean; events: number; firstBrokenSeq?: number };
}

async function count(): Promise<number> {
  return (await auditRows(h)).length;
}

async function expectContiguous() {
  const seqs = (await auditRows(h)).map((r) => r.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  return seqs.length;
}

describe('an untouched chain', () => {
  it('verifies intact after a mix of actions, and the verify itself is recorded', async () => {
    await grantAccess(h, mod.session, rec.recordingId);
    await (await getMedia(h, mod.session, rec.recordingId, 'bytes=0-99')).arrayBuffer();
    await (await fetch(`${h.baseUrl}/api/recordings?q=call`, { headers: mod.session.headers() })).arrayBuffer();
    await (await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}`, { headers: mod.session.headers() })).arrayBuffer();
    const actions = new Set((await auditRows(h)).map((r) => r.action));
    for (const a of [
      'call.upserted',
      'recording.ingested',
      'staff.created',
      'auth.login',
      'grant.created',
      'media.read',
      'recordings.listed',
      'recording.viewed',
    ]) {
      expect(actions).toContain(a);
    }

    const n = await count();
    expect(await verify()).toEqual({ intact: true, events: n });
    const last = (await auditRows(h)).at(-1)!;
    expect(last).toMatchObject({ seq: n + 1, action: 'audit.verified', actor_id: auditor.userId, details: { intact: true, events: n } });
    expect(await verify()).toEqual({ intact: true, events: n + 1 });
  });

  it('walks page boundaries the same way', async () => {
    const n = await count();
    for (const pageSize of [1, 2, 7, n - 1, n, n + 1]) expect(await verifyChain(h.ctx.db, pageSize)).toEqual({ intact: true, events: n });
  });

  it('the app cannot UPDATE, DELETE or TRUNCATE audit_events', async () => {
    const n = await count();
    await expect(
      h.ctx.db
        .updateTable('audit_events')
        .set({ details: sql`'{"x":1}'::jsonb` })
        .where('seq', '=', 1)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(h.ctx.db.updateTable('audit_events').set({ purpose: null }).execute()).rejects.toThrow(/append-only/);
    await expect(h.ctx.db.deleteFrom('audit_events').where('seq', '=', n).execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_events`.execute(h.ctx.db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(n);
    expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: n });
  });
});

describe('concurrent writers', () => {
  it('50 parallel appends and parallel HTTP requests make one unbroken chain', async () => {
    const before = await count();
    const sessions = [mod, await staffSession(h, ['lead']), await staffSession(h, ['moderator'])];
    for (const s of sessions.slice(1)) await grantAccess(h, s.session, rec.recordingId);
    const start = await count();

    const direct = Array.from({ length: 50 }, (_, i) =>
      recordAudit(
        h.ctx.db,
        { actor: { type: 'system', id: `test-${i}` } },
        { action: 'demo.seeded', subject: { type: 'demo', id: `d${i}` }, details: { calls: i, reports: 0 } },
        h.ctx.now(),
      ),
    );
    const http = sessions.flatMap((s, i) => [
      getMedia(h, s.session, rec.recordingId, `bytes=${i * 1000}-${i * 1000 + 65_600}`).then((r) => r.arrayBuffer().then(() => r.status)),
      getMedia(h, s.session, rec.recordingId).then((r) => r.arrayBuffer().then(() => r.status)),
      fetch(`${h.baseUrl}/api/recordings`, { headers: s.session.headers() }).then((r) => r.arrayBuffer().then(() => r.status)),
      fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}`, { headers: s.session.headers() }).then((r) =>
        r.arrayBuffer().then(() => r.status),
      ),
      postGrant(h, s.session, rec.recordingId).then((r) => r.arrayBuffer().then(() => r.status)),
    ]);
    const seqs = await Promise.all(direct);
    const statuses = await Promise.all(http);
    expect(statuses).toEqual(sessions.flatMap(() => [206, 200, 200, 200, 201]));

    expect(new Set(seqs).size).toBe(50);
    const n = await expectContiguous();
    expect(n).toBe(start + 50 + http.length);
    expect(n).toBeGreaterThan(before);
    expect(await verify()).toEqual({ intact: true, events: n });
  });
});

describe('group commit of reads', () => {
  const event = (i: number) =>
    ({ action: 'demo.seeded', subject: { type: 'demo', id: `g${i}` }, details: { calls: i, reports: 0 } }) as const;

  it('appends that arrive while one commits share the next transaction, in order, chain intact', async () => {
    const start = await count();
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => recordAudit(h.ctx.db, { actor: { type: 'system', id: 'g' } }, event(i), h.ctx.now())),
    );
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => start + 1 + i));
    // The first goes at once, alone; the 39 that queued behind it go in one transaction.
    const txs = await asSuperuser(
      h,
      async (c) => (await c.query(`select count(distinct xmin::text)::int n from audit_events where seq > $1`, [start])).rows[0].n,
    );
    expect(txs).toBe(2);
    expect(await verify()).toEqual({ intact: true, events: start + 40 });
  });

  it('a writer that remembers an old head (another process, a state change) never forks the chain', async () => {
    const other = createDb(h.dbUrl, 2);
    try {
      const actor = { actor: { type: 'system' as const, id: 'g' } };
      const start = await count();
      // Each Db remembers its own last head; every write here moves the head under the other's feet.
      for (let i = 0; i < 6; i++) {
        await recordAudit(i % 2 ? other : h.ctx.db, actor, event(i), h.ctx.now());
        if (i === 3) await h.ctx.db.transaction().execute((tx) => appendAudit(tx, actor, event(99), h.ctx.now()));
      }
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(i % 2 ? other : h.ctx.db, actor, event(i), h.ctx.now())));
      expect(await count()).toBe(start + 27);
      await expectContiguous();
      expect(await verify()).toEqual({ intact: true, events: start + 27 });
    } finally {
      await other.destroy();
    }
  });

  it('a batch appended in one transaction: consecutive and in order; rolled back with its transaction', async () => {
    const actor = { actor: { type: 'system' as const, id: 'batch' } };
    const start = await count();
    // Interleaved with the group commit's remembered head, which the batch moves under it.
    await recordAudit(h.ctx.db, actor, event(0), h.ctx.now());
    // Each column goes as one array parameter: characters that array literals escape must survive.
    const subjects = Array.from({ length: 30 }, (_, i) => (i === 7 ? `g"\\{x},'é\nNULL` : `g${100 + i}`));
    const seqs = await h.ctx.db.transaction().execute((tx) =>
      appendAuditBatch(
        tx,
        actor,
        subjects.map((id, i) => ({ ...event(100 + i), subject: { type: 'demo' as const, id } })),
        h.ctx.now(),
      ),
    );
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => start + 2 + i));
    const rows = (await auditRows(h)).filter((r) => r.seq > start + 1);
    expect(rows.map((r) => r.subject_id)).toEqual(subjects);
    expect(rows.map((r) => r.details)).toEqual(subjects.map((_, i) => ({ calls: 100 + i, reports: 0 })));
    await recordAudit(h.ctx.db, actor, event(1), h.ctx.now());

    // A failure later in the same transaction takes the whole batch with it.
    await expect(
      h.ctx.db.transaction().execute(async (tx) => {
        await appendAuditBatch(tx, actor, [event(200), event(201)], h.ctx.now());
        throw new Error('the change it records failed');
      }),
    ).rejects.toThrow('the change it records failed');
    expect(await h.ctx.db.transaction().execute((tx) => appendAuditBatch(tx, actor, [], h.ctx.now()))).toEqual([]);
    expect(await count()).toBe(start + 32);
    await expectContiguous();
    expect(await verify()).toEqual({ intact: true, events: start + 32 });
  });

  it('an event the database refuses fails alone; its neighbours are still recorded', async () => {
    const start = await count();
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        recordAudit(h.ctx.db, { actor: { type: (i === 3 ? 'nobody' : 'system') as 'system', id: 'g' } }, event(i), h.ctx.now()),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await count()).toBe(start + 5);
    expect(await verify()).toEqual({ intact: true, events: start + 5 });
  });
});

describe('a tampered chain', () => {
  const columns: [string, string][] = [
    ['details', `details = '{"x":1}'::jsonb`],
    ['occurred_at', `occurred_at = occurred_at + interval '1 second'`],
    ['actor_id', `actor_id = 'someone-else'`],
    ['purpose', `purpose = 'deter_tort'`],
    ['action', `action = 'recording.viewed'`],
    ['hash', `hash = repeat('0', 64)`],
  ];

  it.each(columns)('an edited %s names that row, and restoring it heals the chain', async (column, assignment) => {
    const rows = await auditRows(h);
    const target = rows.find((r) => r.action === 'media.read')!;
    const k = target.seq;
    const saved = await asSuperuser(
      h,
      async (c) => (await c.query(`select ${column}::text as v from audit_events where seq = $1`, [k])).rows[0].v as string | null,
    );
    await tamperAudit(h, `update audit_events set ${assignment} where seq = $1`, [k]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenSeq: k, events: k - 1 });
    const recorded = (await auditRows(h, 'audit.verified')).at(-1)!;
    expect(recorded.details).toMatchObject({ intact: false, firstBrokenSeq: k });

    await tamperAudit(h, `update audit_events set ${column} = $2 where seq = $1`, [k, saved]);
    const n = await count();
    expect(await verify()).toEqual({ intact: true, events: n });
  });

  it('an edit whose own hash is recomputed breaks the link to the next row', async () => {
    const rows = await auditRows(h);
    const target = rows.find((r) => r.action === 'grant.created')!;
    const forged = { ...(target.details as object), reference: 'FORGED' };
    const hash = eventHash(target.prev_hash, {
      seq: target.seq,
      occurredAt: target.occurred_at,
      actorType: target.actor_type,
      actorId: target.actor_id,
      action: target.action,
      subjectType: target.subject_type,
      subjectId: target.subject_id,
      purpose: target.purpose,
      requestId: target.request_id,
      details: forged,
    });
    await tamperAudit(h, 'update audit_events set details = $2, hash = $3 where seq = $1', [target.seq, JSON.stringify(forged), hash]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenSeq: target.seq + 1, events: target.seq });
    await tamperAudit(h, 'update audit_events set details = $2, hash = $3 where seq = $1', [
      target.seq,
      JSON.stringify(target.details),
      target.hash,
    ]);
    expect((await verify()).intact).toBe(true);
  });

  it('a deleted row is named by its missing seq, wherever it is', async () => {
    const n = await count();
    for (const k of [1, 2, Math.floor(n / 2), n - 1]) {
      const saved = await asSuperuser(
        h,
        async (c) => (await c.query('select * from audit_events where seq = $1', [k])).rows[0] as Record<string, unknown>,
      );
      await tamperAudit(h, 'delete from audit_events where seq = $1', [k]);
      expect(await verifyChain(h.ctx.db)).toEqual({ intact: false, firstBrokenSeq: k, events: k - 1 });
      expect(await verifyChain(h.ctx.db, 3)).toEqual({ intact: false, firstBrokenSeq: k, events: k - 1 });
      const cols = Object.keys(saved);
      await asSuperuser(h, (c) =>
        c.query(
          `insert into audit_events (${cols.join(',')}) values (${cols.map((_, i) => `$${i + 1}`).join(',')})`,
          cols.map((c2) => saved[c2]),
        ),
      );
      expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: await count() });
    }
  });

  it('GET /api/audit/verify names a deleted row too', async () => {
    const k = 3;
    await tamperAudit(h, 'delete from audit_events where seq = $1', [k]);
    expect(await verify()).toEqual({ intact: false, firstBrokenSeq: k, events: k - 1 });
  });
});
