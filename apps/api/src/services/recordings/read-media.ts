import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findAsset } from '../../repositories/db/assets-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import { requireLiveGrant } from '../access/grants.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { expiredError, openPlaintext, storedObjectOf } from '../objects/encrypted-objects.ts';
import { readPlaintextRange, type RangedRead } from '../objects/ranged-read.ts';

export type MediaResponse = RangedRead;

/** Recording bytes for a staff member with a live grant, after the read is on the record. */
export async function readRecordingMedia(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  rangeHeader: string | undefined,
  requestId: string,
  signal?: AbortSignal,
  headOnly = false,
): Promise<MediaResponse> {
  // Both lookups at once (one round trip's wait, not two); a missing recording still answers 404
  // before a missing grant answers 403.
  const [found, granted] = await Promise.allSettled([getRecording(ctx.db, recordingId), requireLiveGrant(ctx, staff, recordingId)]);
  if (found.status === 'rejected') throw found.reason;
  const rec = found.value;
  if (!rec || rec.state === 'uploading' || rec.plaintext_bytes === null) throw notFound('recording');
  // Gone for good: no grant can bring it back, so the grant's answer does not matter.
  if (rec.state === 'expired' || rec.expiry_stage !== null) throw expiredError();
  if (granted.status === 'rejected') throw granted.reason;
  const grant = granted.value;
  return readPlaintextRange(ctx, storedObjectOf(rec), rec.content_type, rangeHeader, {
    what: 'recording',
    signal,
    headOnly,
    audit: ({ start, end }) =>
      recordAuditOrRefuse(
        ctx.db,
        ctx.logger,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        {
          action: 'media.read',
          subject: { type: 'recording', id: recordingId },
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
