import { Readable } from 'node:stream';
import type { PacketDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnFrameNumbers, drawnMs } from '../../../../../test/support/frame-code.ts';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../../test/support/http-calls.ts';
import { drainJobs, getObject, listKeys, sha256, sharesA64ByteRun } from '../../../../../test/support/media.ts';
import { approve, createPacket, getPacket, packetBody, seedPacketSource, type PacketSource } from '../../../../../test/support/packets.ts';
import { auditRows, grantAccess, staffSession, type StaffSession } from '../../../../../test/support/seed-recording.ts';
import { jobHandlers } from '../../jobs/catalogue.ts';
import type { ClaimedJob } from '../../repositories/db/jobs-repo.ts';
import { probeMedia, withMediaInput } from '../../repositories/media/index.ts';
import { bufferSource } from '../../repositories/media/test-support.ts';

// Clips as the agency will get them: cut by the real worker with real ffmpeg from a recording
// ingested through the real API, stored encrypted in s3rver, read back through the staff API.
// The demo media draws its own frame number (FRAME_CODE), so a clip's content can be checked
// against the range it was cut for.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;
let source: PacketSource;

beforeAll(async () => {
  h = await createHarness();
  [mod, lead] = await Promise.all([staffSession(h, ['moderator']), staffSession(h, ['lead'])]);
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 30, seed: 21 });
});
afterAll(async () => {
  await h?.close();
});

async function clipBytes(s: StaffSession, packet: PacketDetailDto, position: number): Promise<Buffer> {
  const clip = packet.clips.find((c) => c.position === position)!;
  const res = await callApi(h, s.session, 'GET', clip.mediaUrl!);
  expect(
    res.status,
    await res
      .clone()
      .text()
      .catch(() => ''),
  ).toBe(200);
  expect(res.headers.get('content-type')).toBe(clip.contentType);
  return Buffer.from(await res.arrayBuffer());
}

/** Drawn times within the range and covering it, 200 ms either way; no frame missing or repeated. */
function expectFramesCover(numbers: number[], range: { startMs: number; endMs: number }) {
  const times = numbers.map(drawnMs);
  expect(times.length).toBeGreaterThan(0);
  expect(Math.min(...times)).toBeGreaterThanOrEqual(range.startMs - 200);
  expect(Math.max(...times)).toBeLessThanOrEqual(range.endMs + 200);
  expect(times[0]!).toBeLessThanOrEqual(range.startMs + 200);
  expect(times.at(-1)!).toBeGreaterThanOrEqual(range.endMs - 200);
  expect(numbers.slice(1).filter((n, i) => n !== numbers[i]! + 1)).toEqual([]);
}

async function recordingState(recordingId: string) {
  const row = await h.ctx.db
    .selectFrom('recordings')
    .select(['sha256', 'object_key', 'stored_bytes', 'plaintext_bytes', 'wrapped_dek', 'krv1_header', 'updated_at'])
    .where('id', '=', recordingId)
    .executeTakeFirstOrThrow();
  return { ...row, object: sha256(await getObject(h, row.object_key)) };
}

describe('cutting clips', () => {
  it('00:10–00:20 decodes to the frames drawn from 10 s to 20 s (copied), a range between keyframes is re-encoded, hashes are the manifest’s, and the recording is untouched', async () => {
    const before = await recordingState(source.recordingId);
    const ranges = [
      { startMs: 10_000, endMs: 20_000 },
      { startMs: 11_300, endMs: 14_000 },
      { startMs: 700, endMs: 29_500 },
    ];
    const created = await createPacket(h, mod.session, packetBody(source.recordingId, ranges));
    expect(created.status).toBe('cutting');
    expect(created.clips.map((c) => [c.position, c.state, c.progress, c.mediaUrl])).toEqual([
      [1, 'pending', 0, null],
      [2, 'pending', 0, null],
      [3, 'pending', 0, null],
    ]);

    // Progress is written while ffmpeg runs (the long re-encode of clip 3 takes a while).
    const seen = new Set<number>();
    let draining = true;
    const watching = (async () => {
      while (draining) {
        for (const c of await h.ctx.db.selectFrom('packet_clips').select('progress').where('packet_id', '=', created.id).execute()) {
          seen.add(c.progress);
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    await drainJobs(h);
    draining = false;
    await watching;
    expect([...seen].some((p) => p > 0 && p < 100)).toBe(true);

    const packet = await getPacket(h, mod.session, created.id);
    expect(packet.status).toBe('ready');
    for (const c of packet.clips) {
      expect(c).toMatchObject({ state: 'ready', progress: 100, contentType: 'video/mp4', failureReason: null });
      expect(c.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(Math.abs(c.durationMs! - (c.endMs - c.startMs))).toBeLessThanOrEqual(250);
    }
    const modes = (await auditRows(h, 'packet.clip_ready')).map((e) => [e.details.clipId, e.details.mode]);
    expect(Object.fromEntries(modes)).toEqual({
      [packet.clips[0]!.id]: 'copy',
      [packet.clips[1]!.id]: 'transcode',
      [packet.clips[2]!.id]: 'transcode',
    });

    await grantAccess(h, mod.session, source.recordingId);
    const bytes = await Promise.all(packet.clips.map((c) => clipBytes(mod, packet, c.position)));
    for (const [i, b] of bytes.entries()) {
      expect(sha256(b)).toBe(packet.clips[i]!.sha256);
      expect(b.length).toBe(packet.clips[i]!.bytes);
      expectFramesCover(await drawnFrameNumbers(b), ranges[i]!);
    }

    // Stored as KRV1 under clips/{clipId}, with no run of plaintext in the bucket.
    expect(await listKeys(h, 'clips/')).toEqual(packet.clips.map((c) => `clips/${c.id}`).sort());
    for (const [i, c] of packet.clips.entries()) {
      const stored = await getObject(h, `clips/${c.id}`);
      expect(stored.subarray(0, 4).toString('latin1')).toBe('KRV1');
      expect(sharesA64ByteRun(bytes[i]!, stored)).toBe(false);
    }

    const approved = await jsonOf<PacketDetailDto>(await approve(h, lead.session, packet.id), 200);
    const recordingSha = (
      await h.ctx.db.selectFrom('recordings').select('sha256').where('id', '=', source.recordingId).executeTakeFirstOrThrow()
    ).sha256;
    expect(approved.manifest!.payload.clips).toEqual(
      packet.clips.map((c, i) => ({
        clipId: c.id,
        position: c.position,
        sha256: sha256(bytes[i]!),
        bytes: bytes[i]!.length,
        durationMs: c.durationMs,
        contentType: 'video/mp4',
        startMs: ranges[i]!.startMs,
        endMs: ranges[i]!.endMs,
        sourceRecordingId: source.recordingId,
        sourceSha256: recordingSha,
      })),
    );

    // The original: same row, same object, same bytes as uploaded.
    expect(await recordingState(source.recordingId)).toEqual(before);
    expect(before.sha256).toBe(sha256(source.bytes));
  });

  it('an audio-only recording gives audio-only clips (AAC in MP4)', async () => {
    const audio = await seedPacketSource(h, { kind: 'audio', seconds: 12, seed: 22 });
    const created = await createPacket(h, mod.session, packetBody(audio.recordingId, [{ startMs: 5_000, endMs: 9_000 }]));
    await drainJobs(h);
    const packet = await getPacket(h, mod.session, created.id);
    expect(packet.status).toBe('ready');
    expect(packet.clips[0]).toMatchObject({ state: 'ready', contentType: 'audio/mp4' });
    await grantAccess(h, mod.session, audio.recordingId);
    const bytes = await clipBytes(mod, packet, 1);
    const info = await withMediaInput(bufferSource(bytes), (input) => probeMedia(input, { timeoutMs: 30_000 }));
    expect(info).toMatchObject({ videoCodec: null, audioCodec: 'aac' });
    expect(Math.abs(info.durationMs! - 4_000)).toBeLessThan(100);
    const [ready] = await auditRows(h, 'packet.clip_ready').then((rows) => rows.filter((r) => r.subject_id === packet.id));
    expect(ready!.details.mode).toBe('copy');
  });
});

describe('when cutting fails', () => {
  /** Runs the worker until no job is queued, skipping the retry backoff. */
  async function drainWithRetries(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      await drainJobs(h);
      const queued = await h.ctx.db
        .updateTable('jobs')
        .set({ run_at: new Date(0) })
        .where('state', '=', 'queued')
        .executeTakeFirst();
      if (queued.numUpdatedRows === 0n) return;
    }
    throw new Error('jobs kept being retried');
  }

  it('a clip is retried by the job system, then fails with a reason, and fails its packet; nothing is left in the bucket', async () => {
    const broken = await seedPacketSource(h, { kind: 'mp4', seconds: 4, seed: 23 });
    const created = await createPacket(h, mod.session, packetBody(broken.recordingId, [{ startMs: 1_000, endMs: 3_000 }]));
    // Storage lost the recording's object: every attempt fails to read the source.
    const rec = await h.ctx.db.selectFrom('recordings').select('object_key').where('id', '=', broken.recordingId).executeTakeFirstOrThrow();
    await h.ctx.store.delete(rec.object_key);
    await drainWithRetries();

    const job = await h.ctx.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', created.clips[0]!.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ queue: 'packet.cut_clip', state: 'failed', attempts: 3 });
    const packet = await getPacket(h, mod.session, created.id);
    expect(packet.status).toBe('failed');
    expect(packet.clips[0]).toMatchObject({ state: 'failed', mediaUrl: null, sha256: null });
    expect(packet.clips[0]!.failureReason).toMatch(/^after 3 attempts: /);
    expect(packet.failureReason).toBe(`clip 1: ${packet.clips[0]!.failureReason}`);
    const failed = (await auditRows(h, 'packet.clip_failed')).filter((e) => e.subject_id === created.id);
    expect(failed.map((e) => ({ actor: e.actor_type, details: e.details }))).toEqual([
      { actor: 'system', details: { clipId: created.clips[0]!.id, reason: packet.clips[0]!.failureReason, attempts: 3 } },
    ]);
    expect(await listKeys(h, `clips/${created.clips[0]!.id}`)).toEqual([]);
    expect(await h.ctx.db.selectFrom('orphan_objects').selectAll().execute()).toEqual([]);
    // A failed packet is not approved.
    expect((await approve(h, lead.session, created.id)).status).toBe(409);
  });

  it("once a clip failed, the packet's other clips are not cut, and say why", async () => {
    const src = await seedPacketSource(h, { kind: 'mp4', seconds: 4, seed: 25 });
    const created = await createPacket(
      h,
      mod.session,
      packetBody(src.recordingId, [
        { startMs: 0, endMs: 1_000 },
        { startMs: 1_000, endMs: 2_000 },
      ]),
    );
    const [first, second] = created.clips;
    const job: ClaimedJob = { id: 0, queue: 'packet.cut_clip', payload: {}, attempts: 3, max_attempts: 3 };
    const rec = await h.ctx.db.selectFrom('recordings').select('object_key').where('id', '=', src.recordingId).executeTakeFirstOrThrow();
    const kept = await getObject(h, rec.object_key);
    await h.ctx.store.delete(rec.object_key);
    await expect(jobHandlers['packet.cut_clip'](h.ctx, { clipId: first!.id }, job, new AbortController().signal)).rejects.toThrow();
    // The source is back, but the packet has failed: the second clip is given up, not cut.
    await h.ctx.store.put(rec.object_key, Readable.from([kept]));
    await drainJobs(h);
    const packet = await getPacket(h, mod.session, created.id);
    expect(packet.status).toBe('failed');
    expect(packet.clips.find((c) => c.id === second!.id)).toMatchObject({
      state: 'failed',
      failureReason: 'not cut: another clip of this packet could not be cut',
    });
    expect(await listKeys(h, `clips/${second!.id}`)).toEqual([]);
    expect(packet.failureReason).toMatch(/^clip 1: after 3 attempts: /);
  });

  it('an object an attempt wrote before dying is accounted for, and removed when the clip is given up', async () => {
    const src = await seedPacketSource(h, { kind: 'mp4', seconds: 4, seed: 24 });
    const created = await createPacket(h, mod.session, packetBody(src.recordingId, [{ startMs: 0, endMs: 2_000 }]));
    const clipId = created.clips[0]!.id;
    await drainJobs(h);
    expect(await listKeys(h, `clips/${clipId}`)).toEqual([`clips/${clipId}`]);
    // As if the worker had died after the upload and before its commit: the row names the object.
    await h.ctx.db.updateTable('packet_clips').set({ state: 'cutting', sha256: null }).where('id', '=', clipId).execute();
    await h.ctx.db.updateTable('packets').set({ status: 'cutting' }).where('id', '=', created.id).execute();
    const row = await h.ctx.db.selectFrom('packet_clips').select('object_key').where('id', '=', clipId).executeTakeFirstOrThrow();
    expect(row.object_key).toBe(`clips/${clipId}`);
    // The last attempt fails (the source is gone meanwhile).
    const rec = await h.ctx.db.selectFrom('recordings').select('object_key').where('id', '=', src.recordingId).executeTakeFirstOrThrow();
    await h.ctx.store.delete(rec.object_key);
    const job: ClaimedJob = { id: 0, queue: 'packet.cut_clip', payload: { clipId }, attempts: 3, max_attempts: 3 };
    await expect(jobHandlers['packet.cut_clip'](h.ctx, { clipId }, job, new AbortController().signal)).rejects.toThrow();

    expect(await listKeys(h, `clips/${clipId}`)).toEqual([]);
    expect(await h.ctx.db.selectFrom('orphan_objects').selectAll().execute()).toEqual([]);
    const after = await h.ctx.db
      .selectFrom('packet_clips')
      .select(['state', 'object_key', 'wrapped_dek'])
      .where('id', '=', clipId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ state: 'failed', object_key: null, wrapped_dek: null });
    expect((await getPacket(h, mod.session, created.id)).status).toBe('failed');
  });
});
