import { randomUUID } from 'node:crypto';
import { formatUnplayableReason, type UnplayableReasonCode } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { insertAsset } from '../../repositories/db/assets-repo.ts';
import { getRecording, updateRecording } from '../../repositories/db/recordings-repo.ts';
import {
  MediaToolError,
  checkDecodes,
  probeMedia,
  thumbnailStrip,
  withMediaInput,
  type MediaInfo,
  type MediaInput,
} from '../../repositories/media/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { discardObject, newObjectKeys, openPlaintextRange, putEncrypted, storedObjectOf } from '../objects/encrypted-objects.ts';

const SYSTEM = { actor: { type: 'system' as const, id: 'media-worker' } };
const PROBE_TIMEOUT_MS = 120_000;
// ffmpeg stops at the first decoded frame, but reads on when a stream never decodes.
const DECODE_TIMEOUT_MS = 10 * 60_000;
const THUMBNAIL_TIMEOUT_MS = 10 * 60_000;

type Outcome = { playable: true; info: MediaInfo; thumbnails: boolean } | { playable: false; reason: string };

/**
 * Probe, decoding check and thumbnails for one uploaded recording. ffmpeg reads the plaintext
 * through a media input (a loopback URL that decrypts ranges on the fly and answers no process
 * but the ffmpeg child reading it); the sprite it writes to stdout is encrypted as it comes.
 *
 * Media that ffmpeg cannot read, in which nothing decodes, or that lasts no time is kept and
 * marked unplayable with a reason code (packages/contracts), never dropped. A source that could
 * not be served (storage, decryption: our fault, not the media's) throws, so the job is retried.
 */
export async function processRecording(ctx: AppContext, recordingId: string, signal: AbortSignal): Promise<void> {
  const rec = await getRecording(ctx.db, recordingId);
  if (!rec || rec.state !== 'processing' || rec.plaintext_bytes === null) return; // done already, or gone
  const obj = storedObjectOf(rec);
  const outcome = await withMediaInput(
    { size: obj.plaintextBytes, contentType: rec.content_type, openRange: (a, b, s) => openPlaintextRange(ctx, obj, a, b, s) },
    (input) => examine(ctx, recordingId, input, signal),
    { logger: ctx.logger },
  );
  if (outcome.playable) await finish(ctx, recordingId, outcome.info, null, outcome.thumbnails);
  else await finish(ctx, recordingId, null, outcome.reason, false);
}

async function examine(ctx: AppContext, recordingId: string, input: MediaInput, signal: AbortSignal): Promise<Outcome> {
  let info: MediaInfo;
  try {
    info = await probeMedia(input, { signal, timeoutMs: PROBE_TIMEOUT_MS });
  } catch (err) {
    if (err instanceof MediaToolError && err.code === 'unreadable') {
      const code: UnplayableReasonCode = err.problem === 'no_media_stream' ? 'no_media_stream' : 'unrecognised_format';
      return { playable: false, reason: formatUnplayableReason(code, err.message) };
    }
    throw err;
  }
  // A header can parse and still sit on nothing (a cut-off upload): ask for one real frame.
  const decoding = await checkDecodes(input, { signal, timeoutMs: DECODE_TIMEOUT_MS });
  if (!decoding.decodes) return { playable: false, reason: formatUnplayableReason('no_decodable_stream', decoding.detail) };
  if (info.durationMs === null) return { playable: false, reason: formatUnplayableReason('unknown_duration') };
  if (info.durationMs <= 0) return { playable: false, reason: formatUnplayableReason('zero_duration') };

  const thumbnails = info.videoCodec ? await makeThumbnails(ctx, recordingId, input, info, signal) : false;
  return { playable: true, info, thumbnails };
}

async function makeThumbnails(
  ctx: AppContext,
  recordingId: string,
  input: MediaInput,
  info: MediaInfo,
  signal: AbortSignal,
): Promise<boolean> {
  const strip = thumbnailStrip(input, {
    durationMs: info.durationMs,
    width: info.width,
    height: info.height,
    signal,
    timeoutMs: THUMBNAIL_TIMEOUT_MS,
  });
  const assetId = randomUUID();
  const objectKey = `thumbnails/${assetId}`;
  await ctx.keys.refresh();
  const keys = newObjectKeys(ctx, assetId);
  try {
    const [stored, geometry] = await Promise.all([putEncrypted(ctx, objectKey, assetId, keys, strip.stream, { signal }), strip.done]);
    await insertAsset(ctx.db, {
      id: assetId,
      recording_id: recordingId,
      kind: 'thumbnail_strip',
      object_key: objectKey,
      content_type: 'image/jpeg',
      plaintext_bytes: stored.plaintextBytes,
      stored_bytes: stored.storedBytes,
      sha256: stored.sha256,
      wrapped_dek: keys.wrappedDek,
      kek_id: keys.kekId,
      segment_log2: keys.segmentLog2,
      krv1_header: keys.header,
      frame_count: geometry.frameCount,
      frame_width: geometry.frameWidth,
      frame_height: geometry.frameHeight,
      // duration / frames is rarely whole (a 920 ms clip has 9 frames), and the column is an integer.
      interval_ms: Math.round(geometry.intervalMs),
    });
    return true;
  } catch (err) {
    await discardObject(ctx, objectKey, 'thumbnail strip not kept');
    // A picture ffmpeg cannot sample still plays; a missing strip is not worth failing over.
    if (err instanceof MediaToolError && err.code === 'unreadable') {
      ctx.logger.warn({ recordingId, reason: err.message }, 'no thumbnails for this recording');
      return false;
    }
    throw err;
  }
}

/** Out of retries: the recording is kept, says why it cannot be played, and the outcome is audited. */
export async function markProcessingFailed(ctx: AppContext, recordingId: string, attempts: number, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  await finish(
    ctx,
    recordingId,
    null,
    formatUnplayableReason('processing_failed', `after ${attempts} attempts: ${message}`).slice(0, 500),
    false,
  );
}

async function finish(
  ctx: AppContext,
  recordingId: string,
  info: MediaInfo | null,
  unplayableReason: string | null,
  thumbnails: boolean,
): Promise<void> {
  const state = unplayableReason ? 'unplayable' : 'ready';
  await ctx.db.transaction().execute(async (tx) => {
    await updateRecording(tx, recordingId, {
      state,
      unplayable_reason: unplayableReason,
      duration_ms: info?.durationMs ?? null,
      container: info?.container ?? null,
      video_codec: info?.videoCodec ?? null,
      audio_codec: info?.audioCodec ?? null,
      width: info?.width ?? null,
      height: info?.height ?? null,
      updated_at: ctx.now(),
    });
    await appendAudit(
      tx,
      SYSTEM,
      {
        action: 'recording.processed',
        subject: { type: 'recording', id: recordingId },
        details: unplayableReason ? { state: 'unplayable', reason: unplayableReason, thumbnails } : { state: 'ready', thumbnails },
      },
      ctx.now(),
    );
  });
}
