import type { AppContext } from '../../context.ts';
import { recordOrphan } from '../../repositories/db/orphans-repo.ts';
import {
  clipForCutting,
  countClipsNotReady,
  lockPacket,
  markClipCutting,
  markClipFailed,
  markClipReady,
  setClipProgress,
  setPacketStatus,
} from '../../repositories/db/packets-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import {
  availableEncoders,
  copyableCodecs,
  cutClip,
  planClip,
  probeMedia,
  videoCopyStartOffset,
  withMediaInput,
  type RangeSource,
} from '../../repositories/media/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import {
  deleteRecordedOrphan,
  newObjectKeys,
  openPlaintextRange,
  putEncrypted,
  storedObjectOf,
  type StoredObject,
} from '../objects/encrypted-objects.ts';

const SYSTEM = { actor: { type: 'system' as const, id: 'packet-worker' } };
const PROBE_TIMEOUT_MS = 120_000;
// Below the worker's 10-minute lease, so a cut that hangs is stopped before another worker
// takes the same job.
const CUT_TIMEOUT_MS = 9 * 60_000;
const PROGRESS_EVERY_MS = 500;

export const clipObjectKey = (clipId: string) => `clips/${clipId}`;

function rangeSource(ctx: AppContext, obj: StoredObject, contentType: string): RangeSource {
  return { size: obj.plaintextBytes, contentType, openRange: (a, b, s) => openPlaintextRange(ctx, obj, a, b, s) };
}

/**
 * Cuts one clip of a packet (job 'packet.cut_clip'). ffmpeg reads the recording through a media
 * input (the loopback source that answers only the ffmpeg it started) and writes the clip to
 * stdout, which is encrypted as it comes into its own KRV1 object with its own key: no plaintext
 * on disk, and the recording is only read. The clip's row names the object and its wrapped key
 * before a byte is written, so an attempt that dies half-way leaves nothing unaccounted for; the
 * next attempt writes the same key again. When the last clip is ready, so is the packet.
 *
 * Throws on failure, for the job system to retry; `failPacketClip` gives up when retries run out.
 */
export async function cutPacketClip(ctx: AppContext, clipId: string, signal: AbortSignal): Promise<void> {
  const clip = await clipForCutting(ctx.db, clipId);
  if (!clip || (clip.state !== 'pending' && clip.state !== 'cutting')) return; // done already, or given up
  if (clip.packet_status === 'failed') {
    // The packet will not be shared: no use cutting the rest of it.
    await failPacketClip(ctx, clipId, 0, new Error('not cut: another clip of this packet could not be cut'));
    return;
  }
  const rec = await getRecording(ctx.db, clip.recording_id);
  if (!rec || rec.plaintext_bytes === null) throw new Error('the source recording is not stored');
  const source = storedObjectOf(rec);

  const objectKey = clipObjectKey(clipId);
  await ctx.keys.refresh();
  const keys = newObjectKeys(ctx, clipId);
  await markClipCutting(ctx.db, clipId, { ...keys, objectKey, at: ctx.now() });
  const progress = progressWriter(ctx, clipId);

  const sourceInfo = { videoCodec: rec.video_codec, audioCodec: rec.audio_codec };
  const { plan, stored } = await withMediaInput(
    rangeSource(ctx, source, rec.content_type),
    async (input) => {
      const offset =
        sourceInfo.videoCodec !== null && copyableCodecs(sourceInfo)
          ? await videoCopyStartOffset(input, clip.start_ms, { signal, timeoutMs: PROBE_TIMEOUT_MS })
          : null;
      const plan = planClip(sourceInfo, offset, await availableEncoders());
      const cut = cutClip(input, { startMs: clip.start_ms, endMs: clip.end_ms }, plan, {
        signal,
        timeoutMs: CUT_TIMEOUT_MS,
        onProgress: progress.report,
      });
      // Both settle before the input closes: a failed cut must have aborted the upload too.
      const [put, cutDone] = await Promise.allSettled([putEncrypted(ctx, objectKey, clipId, keys, cut.stream, { signal }), cut.done]);
      if (cutDone.status === 'rejected') throw cutDone.reason;
      if (put.status === 'rejected') throw put.reason;
      return { plan, stored: put.value };
    },
    { logger: ctx.logger },
  );
  await progress.flush();
  if (stored.plaintextBytes === 0) throw new Error('ffmpeg wrote an empty clip');
  ctx.logger.debug({ clipId, mode: plan.mode, note: plan.note }, 'clip cut');

  // The duration is measured on what was stored, read back through the same guarded input.
  const clipObject: StoredObject = { id: clipId, objectKey, ...keys, plaintextBytes: stored.plaintextBytes };
  const info = await withMediaInput(
    rangeSource(ctx, clipObject, plan.contentType),
    (input) => probeMedia(input, { signal, timeoutMs: PROBE_TIMEOUT_MS }),
    { logger: ctx.logger },
  );
  if (info.durationMs === null || info.durationMs <= 0) throw new Error('the cut clip has no measurable duration');

  const now = ctx.now();
  const kept = await ctx.db.transaction().execute(async (tx) => {
    const packet = await lockPacket(tx, clip.packet_id);
    const ready = await markClipReady(tx, clipId, {
      mode: plan.mode,
      contentType: plan.contentType,
      plaintextBytes: stored.plaintextBytes,
      storedBytes: stored.storedBytes,
      sha256: stored.sha256,
      durationMs: info.durationMs!,
      at: now,
    });
    if (!ready) {
      // Given up meanwhile (a worker whose lease ran out): what this attempt wrote is nobody's.
      await recordOrphan(tx, objectKey, 'clip cut after it was given up');
      return false;
    }
    if (packet?.status === 'cutting' && (await countClipsNotReady(tx, clip.packet_id)) === 0) {
      await setPacketStatus(tx, clip.packet_id, 'ready');
    }
    await appendAudit(
      tx,
      SYSTEM,
      {
        action: 'packet.clip_ready',
        subject: { type: 'packet', id: clip.packet_id },
        details: { clipId, sha256: stored.sha256, bytes: stored.plaintextBytes, mode: plan.mode },
      },
      now,
    );
    return true;
  });
  if (!kept) await deleteRecordedOrphan(ctx, objectKey);
}

/**
 * Out of retries (or its packet already failed): the clip is marked failed with the reason, and
 * its packet fails too, saying which clip and why. Whatever object an attempt wrote goes to the
 * orphan ledger in the same transaction that makes the row forget it, then is deleted.
 */
export async function failPacketClip(ctx: AppContext, clipId: string, attempts: number, err: unknown): Promise<void> {
  const clip = await clipForCutting(ctx.db, clipId);
  if (!clip) return;
  const message = err instanceof Error ? err.message : String(err);
  const reason = (attempts > 0 ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}` : message).slice(0, 500);
  const now = ctx.now();
  const orphan = await ctx.db.transaction().execute(async (tx) => {
    const packet = await lockPacket(tx, clip.packet_id);
    const current = await clipForCutting(tx, clipId);
    if (!current || !(await markClipFailed(tx, clipId, reason, now))) return null;
    if (current.object_key) await recordOrphan(tx, current.object_key, 'clip not kept: cutting failed');
    if (packet?.status === 'cutting') await setPacketStatus(tx, clip.packet_id, 'failed', `clip ${clip.position}: ${reason}`.slice(0, 500));
    await appendAudit(
      tx,
      SYSTEM,
      { action: 'packet.clip_failed', subject: { type: 'packet', id: clip.packet_id }, details: { clipId, reason, attempts } },
      now,
    );
    return current.object_key;
  });
  if (orphan) await deleteRecordedOrphan(ctx, orphan);
}

/** Progress from ffmpeg, written at most every PROGRESS_EVERY_MS; 100 is for a clip that is ready. */
function progressWriter(ctx: AppContext, clipId: string) {
  let shown = 0;
  let lastWrite = 0;
  let chain: Promise<void> = Promise.resolve();
  return {
    report: (fraction: number) => {
      const pct = Math.min(99, Math.floor(fraction * 100));
      if (pct <= shown || Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      shown = pct;
      lastWrite = Date.now();
      chain = chain
        .then(() => setClipProgress(ctx.db, clipId, pct, ctx.now()))
        .catch((err: unknown) => ctx.logger.warn({ err, clipId }, 'could not record clip progress'));
    },
    flush: () => chain,
  };
}
