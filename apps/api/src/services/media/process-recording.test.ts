import { parseUnplayableReason, unplayableReasonCodes } from '@kura/contracts';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { readRingFile, refDecryptWithRow } from '../../../../../test/support/krv1-reference.ts';
import {
  drainJobs,
  getObject,
  ingest,
  listKeys,
  makeMedia,
  makeSingleFrameWebm,
  sha256,
  sharesA64ByteRun,
} from '../../../../../test/support/media.ts';
import { jobHandlers } from '../../jobs/catalogue.ts';
import { Worker } from '../../jobs/worker.ts';
import { pseudoRandomBytes } from '../../repositories/media/test-support.ts';
import { ObjectStore } from '../../repositories/object-store.ts';
import { verifyChain } from '../audit/verify-chain.ts';

// Upload, then the worker: probe and thumbnails through the loopback stream, results in the row.

/** The WebM up to its first Cluster's first SimpleBlock: header, tracks and an empty cluster. */
function cutBeforeFirstFrame(webm: Buffer): Buffer {
  const cluster = webm.indexOf(Buffer.from('1f43b675', 'hex'));
  const block = webm.indexOf(0xa3, cluster + 4);
  // The cluster's first child is its Timestamp (id 0xE7), 0 here, one byte long: E7 81 00.
  expect(webm.subarray(block - 3, block).toString('hex')).toBe('e78100');
  return webm.subarray(0, block);
}

let h: Harness;
const ids: Record<string, string> = {};
const media: Record<string, { bytes: Buffer; contentType: string }> = {};

beforeAll(async () => {
  h = await createHarness();
  media.mp4 = await makeMedia({ kind: 'mp4', seconds: 3, seed: 11 });
  media.webm = await makeMedia({ kind: 'webm', seconds: 3, seed: 12 });
  media.audio = await makeMedia({ kind: 'audio', seconds: 3, seed: 13 });
  // Under a second: fewer than 10 frames, so duration / frames is not a whole number of ms.
  media.short = await makeMedia({ kind: 'mp4', seconds: 0.8, seed: 14 });
  // Random bytes that merely claim to be an MP4.
  media.garbage = { bytes: pseudoRandomBytes(200_000, 7), contentType: 'video/mp4' };
  // What the outside review uploaded: a cut-off MP4 whose header still promises two seconds,
  // a WebM cut before its first cluster (header and tracks, no frame), and a one-frame WebM
  // that decodes but lasts no time at all.
  media.mp4Head = { bytes: media.mp4.bytes.subarray(0, 3000), contentType: 'video/mp4' };
  media.webmHead = { bytes: cutBeforeFirstFrame(media.webm.bytes), contentType: 'video/webm' };
  media.webmOneFrame = await makeSingleFrameWebm();
  // A picture ffmpeg has no decoder for (the track relabelled), over sound that plays.
  media.unknownVideo = {
    bytes: Buffer.from(media.webm.bytes.toString('latin1').replace('V_VP8', 'V_XYZ'), 'latin1'),
    contentType: 'video/webm',
  };
  for (const [name, m] of Object.entries(media)) ids[name] = await ingest(h, `call-proc-${name}`, m);
  expect(await drainJobs(h)).toBe(Object.keys(media).length);
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const rowOf = (name: string) => h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', ids[name]!).executeTakeFirstOrThrow();
const assetsOf = (name: string) => h.ctx.db.selectFrom('recording_assets').selectAll().where('recording_id', '=', ids[name]!).execute();

async function processedEvent(name: string) {
  const rows = await h.ctx.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', 'recording.processed')
    .where('subject_id', '=', ids[name]!)
    .execute();
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

async function expectThumbnailStrip(name: string): Promise<void> {
  const assets = await assetsOf(name);
  expect(assets).toHaveLength(1);
  const asset = assets[0]!;
  expect(asset).toMatchObject({ kind: 'thumbnail_strip', object_key: `thumbnails/${asset.id}`, content_type: 'image/jpeg' });
  expect(asset.frame_count).toBeGreaterThan(0);
  expect(asset.frame_width).toBeGreaterThan(0);
  expect(asset.frame_height).toBeGreaterThan(0);

  const stored = await getObject(h, asset.object_key);
  expect(stored.subarray(0, 4).toString('latin1')).toBe('KRV1');
  expect(stored.subarray(0, 16).equals(asset.krv1_header)).toBe(true);
  expect(Number(asset.stored_bytes)).toBe(stored.length);
  const jpeg = refDecryptWithRow(stored, asset, await readRingFile(h.ctx.config.keyringPath));
  expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  expect(jpeg.length).toBe(Number(asset.plaintext_bytes));
  expect(sha256(jpeg)).toBe(asset.sha256);
  expect(sharesA64ByteRun(jpeg, stored)).toBe(false);
}

describe('processing an uploaded recording', () => {
  it('an mp4 becomes ready with h264/aac, its duration and size, and an encrypted thumbnail strip', async () => {
    const row = await rowOf('mp4');
    expect(row).toMatchObject({
      state: 'ready',
      video_codec: 'h264',
      audio_codec: 'aac',
      width: 320,
      height: 180,
      unplayable_reason: null,
    });
    expect(row.container).toMatch(/mp4/);
    expect(row.duration_ms).toBeGreaterThanOrEqual(2800);
    expect(row.duration_ms).toBeLessThanOrEqual(3300);
    await expectThumbnailStrip('mp4');
    expect((await processedEvent('mp4')).details).toEqual({ state: 'ready', thumbnails: true });
  });

  it('a webm becomes ready with vp8/opus and a thumbnail strip', async () => {
    const row = await rowOf('webm');
    expect(row).toMatchObject({ state: 'ready', video_codec: 'vp8', audio_codec: 'opus', width: 320, height: 180 });
    expect(row.container).toMatch(/webm/);
    expect(row.duration_ms).toBeGreaterThanOrEqual(2800);
    await expectThumbnailStrip('webm');
  });

  it('a clip shorter than a second is ready with a strip of fewer frames', async () => {
    const row = await rowOf('short');
    expect(row).toMatchObject({ state: 'ready', video_codec: 'h264' });
    expect(row.duration_ms).toBeLessThan(1000);
    await expectThumbnailStrip('short');
    const [asset] = await assetsOf('short');
    expect(asset!.frame_count).toBeLessThan(10);
    expect(asset!.interval_ms).toBe(Math.round(row.duration_ms! / asset!.frame_count));
  });

  it('audio only becomes ready with no picture and no thumbnails', async () => {
    const row = await rowOf('audio');
    expect(row).toMatchObject({ state: 'ready', video_codec: null, audio_codec: 'aac', width: null, height: null });
    expect(row.duration_ms).toBeGreaterThanOrEqual(2800);
    expect(await assetsOf('audio')).toEqual([]);
    expect((await processedEvent('audio')).details).toEqual({ state: 'ready', thumbnails: false });
  });

  it('garbage bytes sent as video/mp4 are kept and marked unplayable with a reason, never dropped', async () => {
    const row = await rowOf('garbage');
    expect(row.state).toBe('unplayable');
    expect(row.unplayable_reason).toEqual(expect.stringMatching(/\S/));
    expect(row.video_codec).toBeNull();
    expect(await assetsOf('garbage')).toEqual([]);
    // The object is still there and still decrypts to exactly what was uploaded.
    expect(await listKeys(h, 'recordings/')).toContain(row.object_key);
    const plain = refDecryptWithRow(await getObject(h, row.object_key), row, await readRingFile(h.ctx.config.keyringPath));
    expect(sha256(plain)).toBe(sha256(media.garbage!.bytes));
    expect((await processedEvent('garbage')).details).toMatchObject({
      state: 'unplayable',
      reason: row.unplayable_reason,
      thumbnails: false,
    });
  });

  it('the first 3,000 bytes of an MP4 are unplayable: the header parses, but not one frame decodes', async () => {
    const row = await rowOf('mp4Head');
    expect(row.state).toBe('unplayable');
    expect(row.unplayable_reason).toMatch(/^no_decodable_stream: \S/);
    expect(parseUnplayableReason(row.unplayable_reason!).code).toBe('no_decodable_stream');
    expect(await assetsOf('mp4Head')).toEqual([]);
    expect((await processedEvent('mp4Head')).details).toEqual({ state: 'unplayable', reason: row.unplayable_reason, thumbnails: false });
  });

  it('a WebM cut before its first frame is unplayable, not ready with duration 0', async () => {
    const row = await rowOf('webmHead');
    expect(row.state).toBe('unplayable');
    expect(row.unplayable_reason).toMatch(/^no_decodable_stream: \S/);
    expect(await assetsOf('webmHead')).toEqual([]);
  });

  it('a one-frame WebM that decodes but lasts no time is unplayable as zero_duration', async () => {
    const row = await rowOf('webmOneFrame');
    expect(row).toMatchObject({ state: 'unplayable', unplayable_reason: 'zero_duration' });
    expect(parseUnplayableReason(row.unplayable_reason!)).toEqual({ code: 'zero_duration', detail: null });
    expect(await assetsOf('webmOneFrame')).toEqual([]);
  });

  it('sound that plays under a picture nothing decodes is ready, as audio, without thumbnails', async () => {
    const row = await rowOf('unknownVideo');
    expect(row).toMatchObject({ state: 'ready', video_codec: null, audio_codec: 'opus', unplayable_reason: null });
    expect(row.duration_ms).toBeGreaterThanOrEqual(2800);
    expect(await assetsOf('unknownVideo')).toEqual([]);
  });

  it('every unplayable reason starts with a stable code from the contracts', async () => {
    for (const name of ['garbage', 'mp4Head', 'webmHead', 'webmOneFrame']) {
      const { code } = parseUnplayableReason((await rowOf(name)).unplayable_reason!);
      expect(unplayableReasonCodes, name).toContain(code);
    }
  });

  it('every job finished, nothing is left over in S3, and the audit chain is intact', async () => {
    const jobs = await h.ctx.db.selectFrom('jobs').select(['state', 'last_error']).execute();
    expect(jobs.map((j) => [j.state, j.last_error])).toEqual(Array(Object.keys(media).length).fill(['done', null]));
    const assets = await h.ctx.db.selectFrom('recording_assets').select('object_key').execute();
    const recordings = await h.ctx.db.selectFrom('recordings').select('object_key').execute();
    // Every object in the bucket belongs to a row; no stray thumbnail objects.
    expect(await listKeys(h)).toEqual([...assets, ...recordings].map((r) => r.object_key).sort());
    expect(await h.ctx.db.selectFrom('orphan_objects').selectAll().execute()).toEqual([]);

    // Running the worker again does nothing: processing is idempotent.
    expect(await drainJobs(h)).toBe(0);
    const actions = (await h.ctx.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
    for (const a of ['call.upserted', 'recording.ingested', 'recording.processed']) {
      expect(
        actions.filter((x) => x === a),
        a,
      ).toHaveLength(Object.keys(media).length);
    }
    expect(await verifyChain(h.ctx.db)).toEqual({ intact: true, events: actions.length });
  });
});

describe('processing that keeps failing', () => {
  it('marks the recording unplayable on the last attempt, keeps it, and audits the outcome', async () => {
    const id = await ingest(h, 'call-proc-failing', await makeMedia({ kind: 'mp4', seconds: 2, seed: 15 }));
    await h.ctx.db.updateTable('jobs').set({ max_attempts: 1 }).where('state', '=', 'queued').execute();
    // S3 refuses every write (the thumbnail strip) while reads keep working.
    const missing = ObjectStore.fromConfig({
      endpoint: inject('s3Endpoint'),
      bucket: 'kura-no-such-bucket',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    const store = Object.create(h.ctx.store, { put: { value: missing.put.bind(missing) } }) as ObjectStore;
    try {
      expect(await new Worker({ ...h.ctx, store }, { handlers: jobHandlers }).drain()).toBe(1);
    } finally {
      missing.destroy();
    }
    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state).toBe('unplayable');
    expect(row.unplayable_reason).toMatch(/^processing_failed: after 1 attempts: /);
    expect(await listKeys(h, 'recordings/')).toContain(row.object_key);
    expect(await h.ctx.db.selectFrom('recording_assets').select('id').where('recording_id', '=', id).execute()).toEqual([]);
    const job = await h.ctx.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', id).executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');

    const events = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'recording.processed')
      .where('subject_id', '=', id)
      .execute();
    expect(events.map((e) => e.details)).toEqual([{ state: 'unplayable', reason: row.unplayable_reason, thumbnails: false }]);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});

describe('a source that cannot be read', () => {
  it('is our fault, not the media: the job is retried and the recording stays processing', async () => {
    const id = await ingest(h, 'call-proc-source', await makeMedia({ kind: 'mp4', seconds: 2, seed: 16 }));
    // Storage hands out ciphertext that stops short, so every range fails to decrypt.
    const store = Object.create(h.ctx.store, {
      getRange: {
        value: async (key: string, start: number, end: number, signal?: AbortSignal) => {
          const full = await h.ctx.store.getRange(key, start, end, signal);
          const cut = new PassThrough();
          let sent = 0;
          full.on('data', (chunk: Buffer) => {
            if (sent >= 4096) return;
            cut.write(chunk.subarray(0, 4096 - sent));
            sent += chunk.length;
            if (sent >= 4096) {
              full.destroy();
              cut.destroy(new Error('storage connection reset'));
            }
          });
          full.on('error', (err) => cut.destroy(err));
          full.on('end', () => cut.end());
          return cut;
        },
      },
    }) as ObjectStore;
    expect(await new Worker({ ...h.ctx, store }, { handlers: jobHandlers }).drain()).toBe(1);

    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'processing', unplayable_reason: null });
    const job = await h.ctx.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ state: 'queued', attempts: 1 });
    expect(job.last_error).toMatch(/could not be fetched/);
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .select('seq')
      .where('action', '=', 'recording.processed')
      .where('subject_id', '=', id)
      .execute();
    expect(events).toEqual([]);
  });
});
