import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runKura } from '../../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { listKeys } from '../../../../../test/support/media.ts';
import { createApprovedPacket, createLink } from '../../../../../test/support/shared-packet.ts';
import { asSuperuser, seedProcessedRecording, seedRecording, staffSession } from '../../../../../test/support/seed-recording.ts';
import { callApi, jsonOf } from '../../../../../test/support/http-calls.ts';
import { verifyChain } from '../audit/verify-chain.ts';
import { verifyReceipts } from './receipts.ts';
import { recomputeRetentionForUser } from './recompute.ts';
import { runRetention, type RunRetentionOptions } from './run-retention.ts';

// The retention job on real PostgreSQL and a real S3 server: what it destroys, what it keeps,
// and how it finishes after a crash or an S3 failure.

const DAY = 24 * 60 * 60 * 1000;
let h: Harness;
afterEach(async () => {
  await h?.close();
});

const run = (opts: Partial<RunRetentionOptions> = {}) => runRetention(h.ctx, { triggeredBy: 'test', retryDelaysMs: [1, 1], ...opts });
const rec = (id: string) =>
  h.ctx.db
    .selectFrom('recordings')
    .select(['state', 'expiry_stage', 'wrapped_dek', 'object_key', 'expired_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const keysOf = async (id: string) => {
  const r = await rec(id);
  const assets = await h.ctx.db.selectFrom('recording_assets').select('object_key').where('recording_id', '=', id).execute();
  return [r.object_key, ...assets.map((a) => a.object_key)].sort();
};
const present = async (keys: string[]) => {
  const all = new Set(await listKeys(h));
  return keys.filter((k) => all.has(k));
};
const tombstones = (id: string) => h.ctx.db.selectFrom('tombstones').selectAll().where('recording_id', '=', id).execute();

describe('retention run', () => {
  it('destroys what is due, holds back what is held, repeats harmlessly and leaves a verifiable receipt', async () => {
    h = await createHarness();
    const due = await seedProcessedRecording(h);
    const held = await seedRecording(h);
    const fresh = await seedRecording(h);
    const lead = await staffSession(h, ['lead']);
    await jsonOf(await callApi(h, lead.session, 'POST', `/api/recordings/${held.recordingId}/holds`, { reason: 'police enquiry' }), 201);
    const dueKeys = await keysOf(due.recordingId);
    expect(dueKeys).toHaveLength(2); // the recording and its thumbnail strip
    h.advance(40 * DAY);
    // Not due: its call ended (per the platform) long after the others.
    await h.ctx.db
      .updateTable('recordings')
      .set({ retain_until: new Date(h.ctx.now().getTime() + DAY) })
      .where('id', '=', fresh.recordingId)
      .execute();

    const dry = await run({ dryRun: true });
    expect(dry.status).toBe('done');
    if (dry.status !== 'done') return;
    expect(dry.report).toMatchObject({ dryRun: true, expired: 1, heldBack: { counts: { hold: 1, open_review: 0, live_packet: 0 } } });
    expect(dry.receiptHash).toBeNull();
    expect(await present(dueKeys)).toEqual(dueKeys);
    expect((await rec(due.recordingId)).state).not.toBe('expired');

    const lines: string[] = [];
    const first = await run({ onProgress: (l) => lines.push(l) });
    if (first.status !== 'done') throw new Error('locked');
    expect(first.report).toMatchObject({ dryRun: false, expired: 1, scanned: 2, heldBack: { counts: { hold: 1 } }, errors: [] });
    expect(first.report.heldBack.sample.hold).toEqual([held.recordingId]);
    expect(first.report.destroyed.map((d) => d.kind).sort()).toEqual(['recording', 'thumbnail_strip']);
    expect(first.report.bytesFreed).toBeGreaterThan(due.bytes.length);
    expect(lines.some((l) => l.startsWith('done: scanned 2, expired 1'))).toBe(true);

    // Gone from S3, keys destroyed, a tombstone for each object, the row says expired.
    expect(await present(dueKeys)).toEqual([]);
    const after = await rec(due.recordingId);
    expect(after).toMatchObject({ state: 'expired', expiry_stage: null, wrapped_dek: null });
    const assets = await h.ctx.db
      .selectFrom('recording_assets')
      .select(['wrapped_dek', 'destroyed_at'])
      .where('recording_id', '=', due.recordingId)
      .execute();
    expect(assets.every((a) => a.wrapped_dek === null && a.destroyed_at !== null)).toBe(true);
    const stones = await tombstones(due.recordingId);
    expect(stones.map((t) => t.kind).sort()).toEqual(['recording', 'thumbnail_strip']);
    expect(stones.every((t) => t.run_id === first.runId && t.reason === 'unflagged')).toBe(true);
    expect(stones.find((t) => t.kind === 'recording')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The held and the not-yet-due recordings are untouched.
    for (const other of [held, fresh]) {
      expect((await rec(other.recordingId)).state).not.toBe('expired');
      expect(await present(await keysOf(other.recordingId))).toHaveLength(1);
    }
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'details'])
      .where('action', 'like', 'retention.%')
      .execute();
    expect(events.map((e) => [e.action, e.subject_id])).toEqual([
      ['retention.expired', due.recordingId],
      ['retention.ran', first.runId],
    ]);

    const second = await run();
    if (second.status !== 'done') throw new Error('locked');
    expect(second.report).toMatchObject({ expired: 0, destroyed: [], heldBack: { counts: { hold: 1 } } });

    // Receipts: chained and signed; the audit chain still verifies.
    const receipts = await verifyReceipts(h.ctx);
    expect(receipts).toMatchObject({ ok: true, runs: 2, headHash: second.receiptHash });
    const runs = await h.ctx.db
      .selectFrom('retention_runs')
      .select(['id', 'seq', 'receipt'])
      .where('seq', 'is not', null)
      .orderBy('seq')
      .execute();
    expect((runs[1]!.receipt as { payload: { previousReceiptHash: string } }).payload.previousReceiptHash).toBe(first.receiptHash);
    expect((await verifyChain(h.ctx.db)).intact).toBe(true);
    const cliVerify = await runKura(h, ['retention', 'verify']);
    expect(cliVerify.code, cliVerify.stderr).toBe(0);
    expect(cliVerify.stdout).toContain('receipt chain intact: 2 run(s)');

    // An altered receipt (fewer objects destroyed than really were) is caught and named.
    await asSuperuser(h, (c) =>
      c.query(`update retention_runs set receipt = jsonb_set(receipt, '{payload,report,expired}', '0') where id = $1`, [first.runId]),
    );
    expect(await verifyReceipts(h.ctx)).toMatchObject({ ok: false, firstBad: { runId: first.runId, seq: 1 } });
    const cliBad = await runKura(h, ['retention', 'verify']);
    expect(cliBad.code).toBe(1);
    expect(cliBad.stderr).toContain(`run ${first.runId} (seq 1)`);
  });

  it('a crash between destroying the keys and deleting the objects is finished by the next run', async () => {
    h = await createHarness();
    const r = await seedProcessedRecording(h);
    const keys = await keysOf(r.recordingId);
    h.advance(40 * DAY);
    await expect(
      run({
        faults: {
          afterKeysDestroyed: () => {
            throw new Error('killed');
          },
        },
      }),
    ).rejects.toThrow('killed');
    expect(await rec(r.recordingId)).toMatchObject({ expiry_stage: 'keys_destroyed', wrapped_dek: null, state: 'ready' });
    expect(await present(keys)).toEqual(keys);
    expect(await tombstones(r.recordingId)).toEqual([]);

    const next = await run();
    if (next.status !== 'done') throw new Error('locked');
    expect(next.report.expired).toBe(1);
    expect(await rec(r.recordingId)).toMatchObject({ expiry_stage: null, state: 'expired' });
    expect(await present(keys)).toEqual([]);
    expect(await tombstones(r.recordingId)).toHaveLength(2);
    // The crashed run is marked failed, with no place in the receipt chain.
    const runs = await h.ctx.db.selectFrom('retention_runs').select(['status', 'seq']).orderBy('started_at').execute();
    expect(runs).toEqual([
      { status: 'failed', seq: null },
      { status: 'done', seq: 1 },
    ]);
    expect((await verifyReceipts(h.ctx)).ok).toBe(true);
  });

  it('a crash between deleting the objects and the tombstone is finished by the next run, once', async () => {
    h = await createHarness();
    const r = await seedRecording(h);
    h.advance(40 * DAY);
    await expect(
      run({
        faults: {
          afterObjectsDeleted: () => {
            throw new Error('killed');
          },
        },
      }),
    ).rejects.toThrow('killed');
    expect(await rec(r.recordingId)).toMatchObject({ expiry_stage: 'objects_deleted', state: 'processing' });
    expect(await present(await keysOf(r.recordingId))).toEqual([]);
    expect(await tombstones(r.recordingId)).toEqual([]);

    const next = await run();
    if (next.status !== 'done') throw new Error('locked');
    expect(next.report.expired).toBe(1);
    expect(await rec(r.recordingId)).toMatchObject({ expiry_stage: null, state: 'expired' });
    expect(await tombstones(r.recordingId)).toHaveLength(1);
    const expiredEvents = await h.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'retention.expired').execute();
    expect(expiredEvents).toHaveLength(1);
  });

  it('S3 failing for a batch: retried, reported, no tombstone; the next run completes', async () => {
    h = await createHarness();
    const r = await seedRecording(h);
    h.advance(40 * DAY);
    const attempts: number[] = [];
    const failed = await run({
      faults: {
        beforeDelete: (_keys, attempt) => {
          attempts.push(attempt);
          throw new Error('503 SlowDown');
        },
      },
    });
    if (failed.status !== 'done') throw new Error('locked');
    expect(attempts).toEqual([1, 2, 3]);
    expect(failed.report.expired).toBe(0);
    expect(failed.report.errors).toEqual([
      { stage: 'delete_objects', recordingIds: [r.recordingId], message: '503 SlowDown', attempts: 3 },
    ]);
    expect(await tombstones(r.recordingId)).toEqual([]);
    // Unreadable already (the key is gone), but not claimed as deleted.
    expect(await rec(r.recordingId)).toMatchObject({ expiry_stage: 'keys_destroyed', wrapped_dek: null });
    expect(await present(await keysOf(r.recordingId))).toHaveLength(1);

    // It failed twice, then S3 recovers within the same run.
    let n = 0;
    const recovered = await run({
      faults: {
        beforeDelete: () => {
          if (++n < 3) throw new Error('503 SlowDown');
        },
      },
    });
    if (recovered.status !== 'done') throw new Error('locked');
    expect(recovered.report).toMatchObject({ expired: 1, errors: [] });
    expect(await tombstones(r.recordingId)).toHaveLength(1);
    expect(await present([(await rec(r.recordingId)).object_key])).toEqual([]);
  });

  it('batches in flight together: keys always committed before their objects go; a crash in a later batch is finished by the next run', async () => {
    h = await createHarness();
    const ids: string[] = [];
    // Four batches of two: whichever batch is the third to reach its tombstones, two rows are left there.
    for (let i = 0; i < 8; i++) ids.push((await seedRecording(h, { bytes: randomBytes(2048) })).recordingId);
    const keyOwner = new Map<string, string>();
    for (const id of ids) for (const key of await keysOf(id)) keyOwner.set(key, id);
    h.advance(40 * DAY);

    // Seen from another connection (committed rows only): the recordings whose keys are destroyed.
    const keyless = async (recordingIds: string[]) =>
      (await h.ctx.db.selectFrom('recordings').select(['id', 'wrapped_dek']).where('id', 'in', recordingIds).execute())
        .filter((r) => r.wrapped_dek === null)
        .map((r) => r.id);
    let secondBatchDestroyed!: () => void;
    const secondBatch = new Promise<void>((resolve) => (secondBatchDestroyed = resolve));
    let keyBatches = 0;
    let overlapped = false;
    let buried = 0;
    const deletes: string[][] = [];
    await expect(
      run({
        batchSize: 2,
        faults: {
          afterKeysDestroyed: () => {
            if (++keyBatches === 2) secondBatchDestroyed();
          },
          beforeDelete: async (keys) => {
            const owners = [...new Set(keys.map((k) => keyOwner.get(k)!))];
            expect(owners).toHaveLength(2);
            // Rule: an object is deleted only once its key's destruction is committed.
            expect((await keyless(owners)).sort()).toEqual([...owners].sort());
            deletes.push(owners);
            // The next batch's keys are destroyed while this batch's DeleteObjects is under way.
            if (deletes.length === 1)
              overlapped = await Promise.race([
                secondBatch.then(() => true),
                new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
              ]);
          },
          afterObjectsDeleted: () => {
            if (++buried === 3) throw new Error('killed');
          },
        },
      }),
    ).rejects.toThrow('killed');
    expect(overlapped).toBe(true);
    // Whatever the crash left: no recording's object is gone while its key is still there.
    const present = new Set(await listKeys(h));
    for (const id of ids) {
      const row = await rec(id);
      if (!present.has(row.object_key)) expect(row.wrapped_dek).toBeNull();
    }
    const states = await h.ctx.db.selectFrom('recordings').select(['state', 'expiry_stage']).where('id', 'in', ids).execute();
    expect(states.filter((r) => r.expiry_stage === 'objects_deleted')).toHaveLength(2);
    expect(states.filter((r) => r.state === 'expired').length).toBeGreaterThanOrEqual(2);

    const next = await run({ batchSize: 3 });
    if (next.status !== 'done') throw new Error('locked');
    expect(next.report.errors).toEqual([]);
    const after = await h.ctx.db.selectFrom('recordings').select(['state', 'expiry_stage']).where('id', 'in', ids).execute();
    expect(after.every((r) => r.state === 'expired' && r.expiry_stage === null)).toBe(true);
    expect((await listKeys(h)).filter((k) => keyOwner.has(k))).toEqual([]);
    // One retention.expired event and one tombstone per recording, across both runs.
    const events = await h.ctx.db.selectFrom('audit_events').select('subject_id').where('action', '=', 'retention.expired').execute();
    expect(events.map((e) => e.subject_id).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(await tombstones(id)).toHaveLength(1);
    expect((await verifyChain(h.ctx.db)).intact).toBe(true);
    expect((await verifyReceipts(h.ctx)).ok).toBe(true);
  });

  it('two runs at once: one works, the other exits 0 saying another run holds the lock', async () => {
    h = await createHarness();
    const r = await seedRecording(h);
    h.advance(40 * DAY);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const working = run({
      faults: {
        afterKeysDestroyed: async () => {
          entered();
          await gate;
        },
      },
    });
    await inside;
    expect(await run()).toEqual({ status: 'locked' });
    const cli = await runKura(h, ['retention', 'run']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('another run holds the lock');
    release();
    const done = await working;
    expect(done.status === 'done' && done.report.expired).toBe(1);
    expect((await rec(r.recordingId)).state).toBe('expired');
  });

  it('deletion requests: honoured when nothing blocks, refused with the reason when a hold does', async () => {
    h = await createHarness();
    const staff = await staffSession(h, ['lead']);
    const free = await seedRecording(h);
    const held = await seedRecording(h);
    await jsonOf(await callApi(h, staff.session, 'POST', `/api/recordings/${held.recordingId}/holds`, { reason: 'court order' }), 201);
    const userOf = async (id: string) =>
      (
        await h.ctx.db
          .selectFrom('recordings as r')
          .innerJoin('calls as c', 'c.id', 'r.call_id')
          .select('c.user_id')
          .where('r.id', '=', id)
          .executeTakeFirstOrThrow()
      ).user_id;
    const request = async (userId: string) => {
      const now = h.ctx.now();
      const row = await h.ctx.db
        .insertInto('user_events')
        .values({ user_id: userId, type: 'deletion_request', at: now, received_at: now, status: 'pending' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recomputeRetentionForUser(h.ctx.db, userId);
      return row.id;
    };
    const honoured = await request(await userOf(free.recordingId));
    const refused = await request(await userOf(held.recordingId));
    expect(
      (await h.ctx.db.selectFrom('recordings').select('retention_reason').where('id', '=', held.recordingId).executeTakeFirstOrThrow())
        .retention_reason,
    ).toBe('deletion_request');
    h.advance(1000);

    const result = await run();
    if (result.status !== 'done') throw new Error('locked');
    expect(result.report.deletionRequests).toEqual({ done: [honoured], refused: [{ id: refused, reason: 'blocked by hold' }] });
    expect((await rec(free.recordingId)).state).toBe('expired');
    expect((await rec(held.recordingId)).state).not.toBe('expired');
    const events = await h.ctx.db
      .selectFrom('user_events')
      .select(['id', 'status', 'status_reason', 'resolved_at'])
      .orderBy('status')
      .execute();
    expect(events).toEqual([
      { id: honoured, status: 'done', status_reason: null, resolved_at: expect.any(Date) },
      { id: refused, status: 'refused', status_reason: 'blocked by hold', resolved_at: expect.any(Date) },
    ]);
    // Refused: the held recording is back on its ordinary timer.
    expect(
      (await h.ctx.db.selectFrom('recordings').select('retention_reason').where('id', '=', held.recordingId).executeTakeFirstOrThrow())
        .retention_reason,
    ).toBe('unflagged');
  });

  it('shared packet clips expire on their own timer, and not while a link is live', async () => {
    h = await createHarness();
    const packet = await createApprovedPacket(h);
    await createLink(h, await staffSession(h, ['lead']), packet.packetId);
    const clips = () =>
      h.ctx.db
        .selectFrom('packet_clips')
        .select(['id', 'state', 'retain_until', 'wrapped_dek', 'object_key'])
        .where('packet_id', '=', packet.packetId)
        .execute();
    const sharedAt = (await h.ctx.db.selectFrom('packets').select('shared_at').where('id', '=', packet.packetId).executeTakeFirstOrThrow())
      .shared_at!;
    expect((await clips()).every((c) => c.retain_until!.getTime() === sharedAt.getTime() + 365 * DAY)).toBe(true);
    const clipKeys = (await clips()).map((c) => c.object_key!);

    // A new link near the end of the year keeps the clips past their timer while it is live.
    h.advance(362 * DAY);
    await createLink(h, await staffSession(h, ['lead']), packet.packetId);
    // The recording itself is kept for longer here: only the clips' own timer is under test.
    await h.ctx.db
      .updateTable('recordings')
      .set({ retain_until: new Date(h.ctx.now().getTime() + 100 * DAY) })
      .where('id', '=', packet.recordingId)
      .execute();
    h.advance(4 * DAY);
    const blocked = await run();
    if (blocked.status !== 'done') throw new Error('locked');
    expect(blocked.report.heldBack.counts.live_packet).toBe(packet.clips.length);
    expect((await clips()).every((c) => c.state === 'ready')).toBe(true);

    h.advance(5 * DAY);
    const expired = await run();
    if (expired.status !== 'done') throw new Error('locked');
    expect(expired.report.clipsExpired).toBe(packet.clips.length);
    expect(expired.report.destroyed.every((d) => d.kind === 'packet_clip' && d.reason === 'packet_clip_period')).toBe(true);
    expect((await clips()).every((c) => c.state === 'expired' && c.wrapped_dek === null)).toBe(true);
    expect(await present(clipKeys)).toEqual([]);
    expect((await rec(packet.recordingId)).state).not.toBe('expired');
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .select(['subject_id'])
      .where('action', '=', 'retention.clips_expired')
      .execute();
    expect(events).toEqual([{ subject_id: packet.packetId }]);
  });
});
