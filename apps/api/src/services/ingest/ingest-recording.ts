import { randomUUID } from 'node:crypto';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PutRecordingResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, ClientAbortedError, notFound } from '../../lib/errors.ts';
import { findCallByRef, lockCall } from '../../repositories/db/calls-repo.ts';
import { enqueueJob } from '../../repositories/db/jobs-repo.ts';
import { recordOrphan } from '../../repositories/db/orphans-repo.ts';
import { deleteRecordingRow, findStoredRecordingForCall, finishUpload, insertRecording } from '../../repositories/db/recordings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';
import { deleteRecordedOrphan, newObjectKeys, putEncrypted } from '../objects/encrypted-objects.ts';
import { unflaggedRetainUntil, RETENTION_POLICY_VERSION } from '../retention/policy.ts';
import { recomputeRetention } from '../retention/recompute.ts';
import { MeasureStream } from '../objects/measure-stream.ts';
import { countIngestBytes } from '../../lib/metrics.ts';
import { sampleIngestedCall } from '../review/sampling.ts';

export interface IngestRecordingInput {
  callRef: string;
  contentType: string;
  body: Readable;
  signal?: AbortSignal;
}

export type IngestRecordingResult = PutRecordingResponse & { created: boolean };

const MEDIA_TYPE = /^(video|audio)\/[A-Za-z0-9.+-]+$/;

export function normaliseMediaType(header: string | undefined): string {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPE.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Content-Type must be video/* or audio/*');
  }
  return type;
}

/**
 * Streams a recording through KRV1 into S3. The row exists (invisible, 'uploading') from the first
 * byte so the object is always accounted for; on any failure both go, or the object is recorded
 * as an orphan for the sweeper.
 */
export async function ingestRecording(ctx: AppContext, audit: AuditContext, input: IngestRecordingInput): Promise<IngestRecordingResult> {
  const call = await findCallByRef(ctx.db, input.callRef);
  if (!call) throw notFound('call');

  const existing = await findStoredRecordingForCall(ctx.db, call.id);
  if (existing) return compareWithExisting(ctx, existing, input);

  const recordingId = randomUUID();
  const objectKey = `recordings/${recordingId}`;
  // The ring file may have been rotated by another process since we last looked.
  await ctx.keys.refresh();
  const keys = newObjectKeys(ctx, recordingId);
  await insertRecording(ctx.db, {
    id: recordingId,
    call_id: call.id,
    state: 'uploading',
    object_key: objectKey,
    content_type: input.contentType,
    wrapped_dek: keys.wrappedDek,
    kek_id: keys.kekId,
    segment_log2: keys.segmentLog2,
    krv1_header: keys.header,
    policy_version: RETENTION_POLICY_VERSION,
  });

  let stored: Awaited<ReturnType<typeof putEncrypted>>;
  try {
    stored = await putEncrypted(ctx, objectKey, recordingId, keys, input.body, {
      signal: input.signal,
      measure: new MeasureStream(ctx.config.maxUploadBytes),
    });
    if (stored.plaintextBytes === 0) throw new AppError(400, 'empty_body', 'the recording body is empty');
  } catch (err) {
    await discardUpload(ctx, recordingId, objectKey, input.signal?.aborted ? 'client aborted upload' : 'upload failed');
    throw asClientAbort(err, input);
  }
  const { sha256, plaintextBytes: bytes, storedBytes } = stored;

  const outcome = await ctx.db.transaction().execute(async (tx) => {
    await lockCall(tx, call.id);
    const raced = await findStoredRecordingForCall(tx, call.id);
    if (raced) return { raced, expired: false };
    const uploadedAt = ctx.now();
    const kept = await finishUpload(tx, recordingId, {
      state: 'processing',
      plaintext_bytes: bytes,
      stored_bytes: storedBytes,
      sha256,
      uploaded_at: uploadedAt,
      retain_until: unflaggedRetainUntil(call.ended_at, uploadedAt),
      updated_at: uploadedAt,
    });
    // The sweeper took this for a crashed upload (it ran for hours) and removed its row.
    if (!kept) return { raced: null, expired: true };
    // The periods are settings, and a withdrawn user's recording starts on the shorter timer.
    await recomputeRetention(tx, [recordingId], uploadedAt);
    await sampleIngestedCall(ctx, tx, audit, call);
    await appendAudit(
      tx,
      audit,
      {
        action: 'recording.ingested',
        subject: { type: 'recording', id: recordingId },
        details: { callRef: input.callRef, sha256, bytes, contentType: input.contentType },
      },
      ctx.now(),
    );
    await enqueueJob(tx, 'recording.process', { recordingId }, { dedupeKey: recordingId });
    return { raced: null, expired: false };
  });

  if (outcome.expired) {
    await discardUpload(ctx, recordingId, objectKey, 'upload finished after the sweeper abandoned it');
    throw new AppError(408, 'upload_expired', 'the upload took too long and was abandoned; send the recording again');
  }

  if (outcome.raced) {
    // Another upload for this call finished first: ours is surplus either way.
    await discardUpload(ctx, recordingId, objectKey, 'lost a concurrent upload race');
    return verdict(outcome.raced, sha256, bytes);
  }
  countIngestBytes(bytes);
  return { recordingId, sha256, bytes, created: true };
}

async function compareWithExisting(
  ctx: AppContext,
  existing: { id: string; sha256: string | null; plaintext_bytes: number | null },
  input: IngestRecordingInput,
): Promise<IngestRecordingResult> {
  // Nothing is stored for a repeat: hashing the body is enough to tell same from different.
  const measure = new MeasureStream(ctx.config.maxUploadBytes);
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  try {
    await pipeline(input.body, measure, sink, { signal: input.signal });
  } catch (err) {
    throw asClientAbort(err, input);
  }
  if (measure.bytes === 0) throw new AppError(400, 'empty_body', 'the recording body is empty');
  return verdict(existing, measure.digestHex(), measure.bytes);
}

function verdict(
  existing: { id: string; sha256: string | null; plaintext_bytes: number | null },
  sha256: string,
  bytes: number,
): IngestRecordingResult {
  if (existing.sha256 === sha256 && existing.plaintext_bytes === bytes) {
    return { recordingId: existing.id, sha256, bytes, created: false };
  }
  throw new AppError(409, 'recording_exists', 'this call already has a different recording');
}

/** Whatever broke the stream, if the client hung up first, that is the story. */
function asClientAbort(err: unknown, input: IngestRecordingInput): unknown {
  if (!input.signal?.aborted) return err;
  return new ClientAbortedError('client aborted upload', { callRef: input.callRef, contentType: input.contentType });
}

async function discardUpload(ctx: AppContext, recordingId: string, objectKey: string, reason: string): Promise<void> {
  // Record first, delete second: if the delete fails or we crash, the sweeper finishes the job.
  await ctx.db.transaction().execute(async (tx) => {
    await recordOrphan(tx, objectKey, reason);
    await deleteRecordingRow(tx, recordingId);
  });
  await deleteRecordedOrphan(ctx, objectKey);
}
