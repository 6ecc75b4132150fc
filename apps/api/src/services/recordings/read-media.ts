import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findAsset } from '../../repositories/db/assets-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import { grantRequired, requireLiveGrant } from '../access/grants.ts';
import { assertCanHoldGrants } from '../access/policy.ts';
import { livePrincipal, sessionTokenHash } from '../auth/sessions.ts';
import { findMediaAccess, type MediaGrantRow, type MediaRecordingRow } from '../../repositories/db/media-access-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { expiredError, openPlaintext, storedObjectOf } from '../objects/encrypted-objects.ts';
import { readPlaintextRange, type RangedRead } from '../objects/ranged-read.ts';
import { forgetServed, rememberServed, startEarlyRead, type EarlyRead } from './early-read.ts';

export type MediaResponse = RangedRead;

/** A media request's caller, the recording and the caller's live grant on it, looked up at once. */
export interface MediaAccess {
  staff: StaffPrincipal;
  recording: MediaRecordingRow | undefined;
  grant: MediaGrantRow | undefined;
  tokenHash: string;
  /** The ciphertext GET sent beside the lookup (early-read.ts); the caller releases it when done. */
  early: EarlyRead | null;
}

/**
 * The session behind this token together with the recording and the caller's grant: one round
 * trip where a session lookup followed by the other two would be two, paid before every range a
 * player asks for. Null unless the session is live (the caller answers 401). For a GET with a
 * Range header from a session this process served the recording moments ago, the ciphertext GET
 * leaves first and travels while the checks run.
 */
export async function lookUpMediaAccess(
  ctx: AppContext,
  token: string,
  recordingId: string,
  rangeHeader?: string,
): Promise<MediaAccess | null> {
  const tokenHash = sessionTokenHash(token);
  if (!tokenHash) return null;
  const early = rangeHeader === undefined ? null : startEarlyRead(ctx, tokenHash, recordingId, rangeHeader);
  try {
    const found = await findMediaAccess(ctx.db, tokenHash, recordingId, ctx.now());
    const staff = await livePrincipal(ctx, token, found?.session);
    if (!staff || !found) {
      early?.release();
      forgetServed(ctx, tokenHash, recordingId);
      return null;
    }
    return { staff, recording: found.recording, grant: found.grant, tokenHash, early };
  } catch (err) {
    early?.release();
    throw err;
  }
}

/** Recording bytes for a staff member with a live grant, after the read is on the record. */
export async function readRecordingMedia(
  ctx: AppContext,
  access: MediaAccess,
  rangeHeader: string | undefined,
  requestId: string,
  signal?: AbortSignal,
  headOnly = false,
): Promise<MediaResponse> {
  try {
    const media = await readMedia(ctx, access, rangeHeader, requestId, signal, headOnly);
    if (!headOnly && access.recording) {
      const { id, object_key: objectKey, segment_log2: segmentLog2 } = access.recording;
      rememberServed(ctx, access.tokenHash, id, { objectKey, segmentLog2, plaintextBytes: media.size });
    }
    return media;
  } catch (err) {
    if (access.recording) forgetServed(ctx, access.tokenHash, access.recording.id);
    throw err;
  }
}

async function readMedia(
  ctx: AppContext,
  access: MediaAccess,
  rangeHeader: string | undefined,
  requestId: string,
  signal: AbortSignal | undefined,
  headOnly: boolean,
): Promise<MediaResponse> {
  const { staff, recording: rec, grant } = access;
  // The same answers in the same order as the separate lookups: a missing recording is 404
  // before anything about grants, a destroyed one 410 (no grant can bring it back).
  if (!rec || rec.state === 'uploading' || rec.plaintext_bytes === null) throw notFound('recording');
  if (rec.state === 'expired' || rec.expiry_stage !== null) throw expiredError();
  assertCanHoldGrants(staff);
  if (!grant) throw grantRequired();
  return readPlaintextRange(ctx, storedObjectOf(rec), rec.content_type, rangeHeader, {
    what: 'recording',
    signal,
    headOnly,
    early: access.early,
    audit: ({ start, end }) =>
      recordAuditOrRefuse(
        ctx.db,
        ctx.logger,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        {
          action: 'media.read',
          subject: { type: 'recording', id: rec.id },
          purpose: grant.purpose,
          details: { grantId: grant.id, reference: grant.reference, range: { start, end }, bytes: end - start + 1 },
        },
        ctx.now(),
      ),
  });
}

/** The thumbnail sprite: frames of the call, so content under the same grant rule. */
export async function readThumbnails(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  requestId: string,
  signal?: AbortSignal,
  headOnly = false,
) {
  const rec = await getRecording(ctx.db, recordingId);
  if (!rec || rec.state === 'uploading') throw notFound('recording');
  if (rec.state === 'expired' || rec.expiry_stage !== null) throw expiredError();
  const grant = await requireLiveGrant(ctx, staff, recordingId);
  const asset = await findAsset(ctx.db, recordingId, 'thumbnail_strip');
  if (!asset) throw notFound('thumbnails');
  if (headOnly) return { contentType: asset.content_type, size: asset.plaintext_bytes, body: null };
  // Audit before bytes: no record, no content.
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'thumbnails.read',
      subject: { type: 'recording', id: recordingId },
      purpose: grant.purpose,
      details: { grantId: grant.id, reference: grant.reference, bytes: asset.plaintext_bytes },
    },
    ctx.now(),
  );
  const body = await openPlaintext(ctx, storedObjectOf(asset), signal);
  return { contentType: asset.content_type, size: asset.plaintext_bytes, body };
}
