import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AUDIT_CHECKPOINT_TYPE, type LatestCheckpointResponse } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runKura, runKuraOffline } from '../../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { asSuperuser, auditRows, staffSession, tamperAudit, type StaffSession } from '../../../../../test/support/seed-recording.ts';
import type { Booted } from '../../bootstrap.ts';
import type { AppContext } from '../../context.ts';
import { createLogger } from '../../logger.ts';
import { ObjectStore } from '../../repositories/object-store.ts';
import { startServer } from '../../server.ts';
import { rotateSigningKey } from '../signing/signing-keys.ts';
import { verifySignedDocument } from '../signing/signed-document.ts';
import { recordAudit } from './audit-log.ts';
import { CHECKPOINT_PREFIX, listCheckpointKeys } from './checkpoint-objects.ts';
import { eventHash } from './hash.ts';
import { verifyChain } from './verify-chain.ts';
import { writeCheckpoint, type CheckpointOutcome } from './write-checkpoint.ts';

// Signed checkpoints of the chain head, kept in the bucket, against someone with superuser rights
// on the database: real PostgreSQL, s3rver over HTTP, the CLI as a child process.

const KEY_NAME = /^audit-checkpoints\/\d{16}-\d{8}T\d{9}Z\.json$/;

interface LogCapture {
  lines: () => Record<string, unknown>[];
  text: () => string;
}

/** A copy of the harness's context whose log lines (at trace) are kept, with a store of its own. */
function capturingCtx(h: Harness, overrides: Partial<AppContext> = {}): AppContext & { log: LogCapture } {
  const raw: string[] = [];
  const logger = createLogger('trace', { write: (s: string) => void raw.push(s) });
  const store = ObjectStore.fromConfig({
    endpoint: inject('s3Endpoint'),
    bucket: h.ctx.store.bucket,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  return {
    ...h.ctx,
    logger,
    store,
    ...overrides,
    log: { lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>), text: () => raw.join('') },
  };
}

const written = (o: CheckpointOutcome) => {
  if (o.status !== 'written') throw new Error(`expected a checkpoint, got ${JSON.stringify(o)}`);
  return o;
};

async function objectJson(h: Harness, key: string): Promise<unknown> {
  return JSON.parse((await h.ctx.store.getSmall(key))!.toString('utf8'));
}

async function publishedKeys(h: Harness): Promise<unknown> {
  return (await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`)).json();
}

async function head(h: Harness): Promise<{ seq: number; hash: string }> {
  const rows = await auditRows(h);
  return rows.at(-1)!;
}

async function addEvents(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await recordAudit(
      h.ctx.db,
      { actor: { type: 'system', id: 'test' } },
      { action: 'demo.seeded', subject: { type: 'demo', id: `e${i}` }, details: { calls: i, reports: 0 } },
      h.ctx.now(),
    );
  }
}

async function latest(h: Harness, auditor: StaffSession): Promise<LatestCheckpointResponse> {
  const res = await fetch(`${h.baseUrl}/api/audit/checkpoints/latest`, { headers: auditor.session.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as LatestCheckpointResponse;
}

interface VerifyOutput {
  intact: boolean;
  events: number;
  firstBrokenSeq?: number;
  checkpoints?: { checked: number; failed: number; failures: { key: string; seq: number | null; reason: string; message: string }[] };
}

async function verifyCli(h: Harness, withCheckpoints = true): Promise<{ code: number | null; out: VerifyOutput; stderr: string }> {
  const r = await runKura(h, ['audit', 'verify', ...(withCheckpoints ? ['--checkpoints'] : [])]);
  return { code: r.code, out: JSON.parse(r.stdout) as VerifyOutput, stderr: r.stderr };
}

/**
 * What an attacker with superuser rights does to hide a change: edit one row, then recompute every
 * hash from there to the head, so that the chain walks clean.
 */
async function rewriteFrom(h: Harness, seq: number): Promise<void> {
  const rows = await auditRows(h);
  let prev = rows.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
  const updates: { seq: number; details: unknown; prev: string; hash: string }[] = [];
  for (const r of rows.filter((x) => x.seq >= seq)) {
    const details = r.seq === seq ? { ...(r.details as object), rewritten: true } : r.details;
    const hash = eventHash(prev, {
      seq: r.seq,
      occurredAt: r.occurred_at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      purpose: r.purpose,
      requestId: r.request_id,
      details,
    });
    updates.push({ seq: r.seq, details, prev, hash });
    prev = hash;
  }
  await asSuperuser(h, async (c) => {
    await c.query('begin');
    await c.query('alter table audit_events disable trigger audit_events_append_only');
    for (const u of updates) {
      await c.query('update audit_events set details = $2, prev_hash = $3, hash = $4 where seq = $1', [
        u.seq,
        JSON.stringify(u.details),
        u.prev,
        u.hash,
      ]);
    }
    await c.query('alter table audit_events enable trigger audit_events_append_only');
    await c.query('commit');
  });
}

describe('a checkpoint', () => {
  let h: Harness;
  let auditor: StaffSession;
  beforeAll(async () => {
    h = await createHarness();
    auditor = await staffSession(h, ['auditor']);
  });
  afterAll(async () => h?.close());

  it('is absent before the first one, and only auditors may ask', async () => {
    expect(await latest(h, auditor)).toEqual({ checkpoint: null, everyMinutes: 10 });
    const mod = await staffSession(h, ['moderator']);
    const res = await fetch(`${h.baseUrl}/api/audit/checkpoints/latest`, { headers: mod.session.headers() });
    expect(res.status).toBe(403);
    expect((await fetch(`${h.baseUrl}/api/audit/checkpoints/latest`)).status).toBe(401);
    // With nothing to check against, the walk alone decides, and the operator is told.
    const v = await verifyCli(h);
    expect(v.code).toBe(0);
    expect(v.out).toMatchObject({ intact: true, checkpoints: { checked: 0, failed: 0 } });
    expect(v.stderr).toContain('no checkpoints under audit-checkpoints/');
  });

  it('signs the head, goes to the bucket and the log, is recorded in the chain, and verifies', async () => {
    const ctx = capturingCtx(h);
    const before = await head(h);
    const out = written(await writeCheckpoint(ctx, 'cli'));

    expect(out.key).toMatch(KEY_NAME);
    expect(out.key.startsWith(`${CHECKPOINT_PREFIX}${String(before.seq).padStart(16, '0')}-`)).toBe(true);
    expect(out.document.payload).toEqual({
      type: AUDIT_CHECKPOINT_TYPE,
      seq: before.seq,
      hash: before.hash,
      occurredAt: (await auditRows(h)).find((r) => r.seq === before.seq)!.occurred_at.toISOString(),
      at: expect.any(String),
    });
    // In the bucket, byte for byte the signed document; checkable with the published keys alone.
    const stored = await objectJson(h, out.key);
    expect(stored).toEqual(out.document);
    expect(verifySignedDocument(stored, await publishedKeys(h), { type: AUDIT_CHECKPOINT_TYPE })).toMatchObject({ ok: true });

    // In the log: one info line carrying the signed checkpoint.
    const lines = ctx.log.lines().filter((l) => l.msg === 'audit checkpoint');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, key: out.key, checkpoint: out.document, retained: false });

    // In the chain, right after the head it signed.
    const recorded = (await auditRows(h)).at(-1)!;
    expect(recorded).toMatchObject({
      seq: before.seq + 1,
      action: 'audit.checkpointed',
      actor_type: 'system',
      actor_id: 'cli',
      details: { seq: before.seq, hash: before.hash, key: out.key, keyId: out.document.signature.keyId, retained: false, trigger: 'cli' },
    });

    const v = await verifyCli(h);
    expect(v.code, v.stderr).toBe(0);
    expect(v.out).toMatchObject({ intact: true, checkpoints: { checked: 1, failed: 0, failures: [] } });
    expect(v.stderr).not.toContain('checkpoint');

    expect(await latest(h, auditor)).toEqual({
      everyMinutes: 10,
      checkpoint: {
        key: out.key,
        seq: before.seq,
        hash: before.hash,
        occurredAt: out.document.payload.occurredAt,
        at: out.document.payload.at,
        keyId: out.document.signature.keyId,
        standing: 'extends',
      },
    });
  });

  it('on a schedule, skips while nothing but its own record was added, and signs again once something was', async () => {
    const ctx = capturingCtx(h);
    const fresh = written(await writeCheckpoint(ctx, 'cli'));
    const n = (await listCheckpointKeys(h.ctx.store)).length;
    const at = await head(h);
    expect(at.seq).toBe(fresh.document.payload.seq + 1);
    expect(await writeCheckpoint(ctx, 'schedule')).toEqual({ status: 'unchanged', seq: fresh.document.payload.seq });
    expect(await writeCheckpoint(ctx, 'schedule')).toMatchObject({ status: 'unchanged' });
    expect((await head(h)).seq).toBe(at.seq);

    await addEvents(h, 2);
    const moved = await head(h);
    const out = written(await writeCheckpoint(ctx, 'schedule'));
    expect(out.document.payload).toMatchObject({ seq: moved.seq, hash: moved.hash });
    expect((await auditRows(h)).at(-1)).toMatchObject({
      action: 'audit.checkpointed',
      actor_id: 'scheduler',
      details: { trigger: 'schedule' },
    });
    // Its own record does not count as movement: no checkpoint of a checkpoint, ever.
    expect(await writeCheckpoint(ctx, 'schedule')).toEqual({ status: 'unchanged', seq: moved.seq });
    expect(await listCheckpointKeys(h.ctx.store)).toHaveLength(n + 1);
  });

  it('meets s3rver without Object Lock: learns it once per store, says so once, carries on', async () => {
    const ctx = capturingCtx(h);
    await addEvents(h, 1);
    written(await writeCheckpoint(ctx, 'cli'));
    written(await writeCheckpoint(ctx, 'cli'));
    const warnings = ctx.log.lines().filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ bucket: h.ctx.store.bucket, msg: expect.stringContaining('no Object Lock') });
    expect(await ctx.store.retain(CHECKPOINT_PREFIX + 'whatever', new Date())).toBe('unsupported_known');
  });

  it('`pnpm kura audit checkpoint` prints the signed document (exit 0); usage mistakes exit 2', async () => {
    const r = await runKura(h, ['audit', 'checkpoint']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { payload: { seq: number } };
    expect(verifySignedDocument(doc, await publishedKeys(h), { type: AUDIT_CHECKPOINT_TYPE })).toMatchObject({ ok: true });
    const key = (await listCheckpointKeys(h.ctx.store)).at(-1)!;
    expect(r.stderr).toContain(`checkpoint of seq ${doc.payload.seq} written to s3://${h.ctx.store.bucket}/${key}`);
    expect(await objectJson(h, key)).toEqual(doc);
    // An ordinary signed document: checkable offline, from the object as stored.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kura-checkpoint-'));
    try {
      await writeFile(path.join(dir, 'checkpoint.json'), (await h.ctx.store.getSmall(key))!);
      await writeFile(path.join(dir, 'keys.json'), JSON.stringify(await publishedKeys(h)));
      const offline = await runKuraOffline(
        ['signature', 'verify', 'checkpoint.json', '--keys', 'keys.json', '--type', AUDIT_CHECKPOINT_TYPE],
        dir,
      );
      expect(offline.code, offline.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    for (const args of [
      ['audit', 'checkpoint', '--force'],
      ['audit', 'verify', '--checkpoints=yes'],
      ['audit', 'verify', '--bogus'],
    ]) {
      expect((await runKura(h, args)).code).toBe(2);
    }
  });

  it('keeps verifying after the signing key is rotated (every key ever used stays in the ring)', async () => {
    const first = (await auditRows(h, 'audit.checkpointed'))[0]!.details as { keyId: string };
    await rotateSigningKey(h.ctx, { actor: { type: 'system', id: 'test' } });
    const out = written(await writeCheckpoint(h.ctx, 'cli'));
    expect(out.document.signature.keyId).not.toBe(first.keyId);
    const v = await verifyCli(h);
    expect(v.code, v.stderr).toBe(0);
    expect(v.out.checkpoints).toMatchObject({ failed: 0 });
    expect(v.out.checkpoints!.checked).toBeGreaterThanOrEqual(4);
  });

  it('is written on a schedule by the server: at start, and taken by a worker', async () => {
    const before = (await listCheckpointKeys(h.ctx.store)).length;
    await addEvents(h, 1);
    const booted = { ctx: { ...h.ctx, config: { ...h.ctx.config, port: 0, runWorkers: true, checkpointMinutes: 60 } } } as Booted;
    const server = await startServer(booted, {});
    try {
      for (let i = 0; i < 100 && (await listCheckpointKeys(h.ctx.store)).length === before; i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await server.close();
    }
    expect(await listCheckpointKeys(h.ctx.store)).toHaveLength(before + 1);
    expect((await auditRows(h)).at(-1)).toMatchObject({ action: 'audit.checkpointed', actor_id: 'scheduler' });
    const job = await h.ctx.db.selectFrom('jobs').selectAll().where('queue', '=', 'audit.checkpoint').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'done', dedupe_key: 'audit-checkpoint' });
  });
});

describe('a checkpoint whose own record is missing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await addEvents(h, 3);
  });
  afterAll(async () => h?.close());

  it('is signed again on demand for the same head (the record failed to commit, or was cut off)', async () => {
    const first = written(await writeCheckpoint(h.ctx, 'cli'));
    await tamperAudit(h, 'delete from audit_events where seq = $1', [first.document.payload.seq + 1]);
    expect(await writeCheckpoint(h.ctx, 'schedule')).toEqual({ status: 'unchanged', seq: first.document.payload.seq });
    const again = written(await writeCheckpoint(h.ctx, 'cli'));
    expect(again.document.payload).toMatchObject({
      seq: first.document.payload.seq,
      hash: first.document.payload.hash,
      occurredAt: first.document.payload.occurredAt,
    });
    expect((await verifyCli(h)).code).toBe(0);
  });
});

describe('a superuser cuts off the newest events', () => {
  let h: Harness;
  let auditor: StaffSession;
  let key: string;
  let signedSeq: number;
  beforeAll(async () => {
    h = await createHarness();
    auditor = await staffSession(h, ['auditor']);
    await addEvents(h, 8);
    const out = written(await writeCheckpoint(h.ctx, 'cli'));
    key = out.key;
    signedSeq = out.document.payload.seq;
    await tamperAudit(h, 'delete from audit_events where seq > $1', [signedSeq - 5]);
  });
  afterAll(async () => h?.close());

  it('leaves a chain that walks clean without the checkpoints', async () => {
    expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: signedSeq - 5 });
    const v = await verifyCli(h, false);
    expect(v.code).toBe(0);
    expect(v.out).toEqual({ intact: true, events: signedSeq - 5 });
  });

  it('fails `audit verify --checkpoints`, naming the checkpoint (exit 1)', async () => {
    const v = await verifyCli(h);
    expect(v.code).toBe(1);
    expect(v.out).toMatchObject({
      intact: false,
      checkpoints: {
        checked: 1,
        failed: 1,
        failures: [{ key, seq: signedSeq, reason: 'truncated', message: expect.stringContaining(`seq ${signedSeq}`) }],
      },
    });
    expect(v.stderr).toContain(`checkpoint ${key} (seq ${signedSeq}) failed: truncated`);
    // The refusal is itself on the record.
    expect((await auditRows(h, 'audit.verified')).at(-1)!.details).toEqual({
      intact: false,
      events: expect.any(Number),
      checkpoints: { checked: 1, failed: 1 },
    });
  });

  it('shows in the console as truncated', async () => {
    expect((await latest(h, auditor)).checkpoint).toMatchObject({ key, seq: signedSeq, standing: 'truncated' });
  });

  it('refuses to sign a new head, on a schedule or on demand, and logs why', async () => {
    const ctx = capturingCtx(h);
    expect(await writeCheckpoint(ctx, 'schedule')).toMatchObject({ status: 'refused', reason: 'truncated', checkpointKey: key });
    const errors = ctx.log.lines().filter((l) => l.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({ reason: 'truncated', checkpoint: key, msg: expect.stringContaining('no checkpoint signed') }),
    ]);
    const r = await runKura(h, ['audit', 'checkpoint']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`refused: the chain ends at seq`);
    expect(r.stderr).toContain(key);
    expect(await listCheckpointKeys(h.ctx.store)).toEqual([key]);
  });
});

describe('a superuser rewrites the chain with recomputed hashes', () => {
  let h: Harness;
  let auditor: StaffSession;
  let key: string;
  let signedSeq: number;
  beforeAll(async () => {
    h = await createHarness();
    auditor = await staffSession(h, ['auditor']);
    await addEvents(h, 6);
    const out = written(await writeCheckpoint(h.ctx, 'cli'));
    key = out.key;
    signedSeq = out.document.payload.seq;
    await addEvents(h, 2);
    await rewriteFrom(h, 3);
  });
  afterAll(async () => h?.close());

  it('passes the plain chain walk', async () => {
    const rows = await auditRows(h);
    expect(rows.find((r) => r.seq === 3)!.details).toMatchObject({ rewritten: true });
    expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: rows.length });
    expect((await verifyCli(h, false)).code).toBe(0);
  });

  it('fails against the checkpoint, naming it (exit 1)', async () => {
    const v = await verifyCli(h);
    expect(v.code).toBe(1);
    expect(v.out).toMatchObject({
      intact: false,
      checkpoints: { checked: 1, failed: 1, failures: [{ key, seq: signedSeq, reason: 'rewritten' }] },
    });
    expect(v.stderr).toContain(`checkpoint ${key} (seq ${signedSeq}) failed: rewritten: the event at seq ${signedSeq} has hash`);
    expect((await latest(h, auditor)).checkpoint).toMatchObject({ key, standing: 'rewritten' });
  });

  it('refuses to sign the rewritten head', async () => {
    expect(await writeCheckpoint(capturingCtx(h), 'schedule')).toMatchObject({
      status: 'refused',
      reason: 'rewritten',
      checkpointKey: key,
    });
  });
});

describe('a tampered checkpoint object', () => {
  let h: Harness;
  let auditor: StaffSession;
  let keys: string[];
  beforeAll(async () => {
    h = await createHarness();
    auditor = await staffSession(h, ['auditor']);
    keys = [];
    for (let i = 0; i < 3; i++) {
      await addEvents(h, 1);
      keys.push(written(await writeCheckpoint(h.ctx, 'cli')).key);
    }
  });
  afterAll(async () => h?.close());

  const put = (key: string, doc: unknown) => h.ctx.store.putSmall(key, Buffer.from(JSON.stringify(doc)), 'application/json');

  it('is reported by name: a forged signature, an edited payload, an old one under a newer name, and junk', async () => {
    const [a, b, c] = (await Promise.all(keys.map((k) => objectJson(h, k)))) as {
      payload: { seq: number; hash: string };
      signature: { value: string };
    }[];
    const sig = Buffer.from(a!.signature.value, 'base64');
    sig[0]! ^= 1;
    await put(keys[0]!, { ...a, signature: { ...a!.signature, value: sig.toString('base64') } });
    await put(keys[1]!, { ...b, payload: { ...b!.payload, seq: b!.payload.seq + 1 } });
    await put(keys[2]!, a);
    const big = `${CHECKPOINT_PREFIX}${'9'.repeat(15)}8-20990101T000000000Z.json`;
    await h.ctx.store.putSmall(big, Buffer.alloc(100_000, 0x20), 'application/json');
    const junk = `${CHECKPOINT_PREFIX}${'9'.repeat(16)}-20990101T000000000Z.json`;
    await h.ctx.store.putSmall(junk, Buffer.from('not json'), 'application/json');
    void c;

    const v = await verifyCli(h);
    expect(v.code).toBe(1);
    expect(v.out.intact).toBe(false);
    expect(v.out.checkpoints).toMatchObject({ checked: 5, failed: 5 });
    expect(v.out.checkpoints!.failures).toEqual([
      { key: keys[0], seq: a!.payload.seq, reason: 'bad_signature', message: expect.any(String) },
      { key: keys[1], seq: b!.payload.seq + 1, reason: 'bad_signature', message: expect.any(String) },
      { key: keys[2], seq: a!.payload.seq, reason: 'misnamed', message: expect.any(String) },
      { key: big, seq: null, reason: 'too_large', message: expect.any(String) },
      { key: junk, seq: null, reason: 'not_json', message: expect.any(String) },
    ]);
    for (const k of [...keys, big, junk]) expect(v.stderr).toContain(`checkpoint ${k}`);

    expect((await latest(h, auditor)).checkpoint).toEqual({
      key: junk,
      seq: null,
      hash: null,
      occurredAt: null,
      at: null,
      keyId: null,
      standing: 'bad_signature',
    });
  });

  it('is skipped when signing the next head: the newest good one still anchors it', async () => {
    // Every object is bad now: the writer relies on the last one this process signed itself, and
    // says what it skipped.
    await addEvents(h, 1);
    const ctx = capturingCtx(h, { store: h.ctx.store });
    const out = written(await writeCheckpoint(ctx, 'schedule'));
    expect(out.document.payload.seq).toBe((await auditRows(h)).at(-2)!.seq);
    expect(ctx.log.lines().filter((l) => l.level === 50)).toEqual([
      expect.objectContaining({ key: `${CHECKPOINT_PREFIX}${'9'.repeat(16)}-20990101T000000000Z.json`, reason: 'not_json' }),
      expect.objectContaining({ key: `${CHECKPOINT_PREFIX}${'9'.repeat(15)}8-20990101T000000000Z.json`, reason: 'too_large' }),
    ]);
    // A process that remembers nothing falls back to walking the chain from its start.
    expect(await writeCheckpoint(capturingCtx(h), 'cli')).toMatchObject({ status: 'written' });
  });
});

describe('key material during checkpointing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  /** Every spelling of every private signing key and KEK in the ring file. */
  async function secrets(): Promise<string[]> {
    const ring = JSON.parse(await readFile(h.ctx.config.keyringPath, 'utf8')) as {
      keys: Record<string, string>;
      signing: { keys: Record<string, { privateKey?: string }> };
    };
    const out: string[] = [];
    const spell = (b64: string) => {
      const raw = Buffer.from(b64, 'base64');
      out.push(b64, raw.toString('hex'), raw.toString('base64url'));
    };
    for (const kek of Object.values(ring.keys)) spell(kek);
    for (const k of Object.values(ring.signing.keys)) {
      if (!k.privateKey) continue;
      spell(k.privateKey);
      spell(
        Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(k.privateKey, 'base64')]).toString('base64'),
      );
    }
    expect(out.length).toBeGreaterThanOrEqual(6);
    return out;
  }

  it('never reaches the logs, written, skipped, refused or from the CLI at trace', async () => {
    const ctx = capturingCtx(h);
    expect(await writeCheckpoint(ctx, 'schedule')).toEqual({ status: 'empty' });
    await addEvents(h, 2);
    written(await writeCheckpoint(ctx, 'cli'));
    await writeCheckpoint(ctx, 'schedule');
    await addEvents(h, 1);
    written(await writeCheckpoint(ctx, 'schedule'));
    const cli = await runKura(h, ['audit', 'checkpoint'], '', { LOG_LEVEL: 'trace' });
    expect(cli.code, cli.stderr).toBe(0);
    const verify = await runKura(h, ['audit', 'verify', '--checkpoints'], '', { LOG_LEVEL: 'trace' });
    expect(verify.code, verify.stderr).toBe(0);
    await tamperAudit(h, 'delete from audit_events where seq > 3');
    expect(await writeCheckpoint(ctx, 'schedule')).toMatchObject({ status: 'refused', reason: 'truncated' });

    const logged = ctx.log.text() + cli.stdout + cli.stderr + verify.stdout + verify.stderr;
    expect(ctx.log.lines().filter((l) => l.msg === 'audit checkpoint')).toHaveLength(2);
    for (const s of await secrets()) expect(logged).not.toContain(s);
    expect(logged).not.toContain('PRIVATE KEY');
    expect(logged).not.toMatch(/"privateKey"\s*:\s*"/);
  });
});
