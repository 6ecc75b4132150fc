import type { HoldDto, ReasonBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { holdsForRecording, insertHold } from '../../repositories/db/holds-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { holdDto } from './hold-dto.ts';
import { recomputeRetention } from '../retention/recompute.ts';
import { expiredError } from '../objects/encrypted-objects.ts';

/**
 * A legal hold keeps a recording past any retention timer until a lead releases it. Several
 * holds may stand at once (one per matter); the recording is on hold while any is active.
 */
export async function placeHold(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  body: ReasonBody,
  requestId: string | null,
): Promise<HoldDto> {
  const rec = await getRecording(ctx.db, recordingId);
  if (!rec || rec.state === 'uploading') throw notFound('recording');
  // Nothing is left to hold once the job has started destroying it.
  if (rec.state === 'expired' || rec.expiry_stage !== null) throw expiredError();
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const id = await insertHold(tx, { recordingId, reason: body.reason, placedBy: staff.userId, at: now });
    await recomputeRetention(tx, [recordingId], now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'hold.placed', subject: { type: 'recording', id: recordingId }, details: { holdId: id, reason: body.reason } },
      now,
    );
    return holdDto((await holdsForRecording(tx, recordingId)).find((h) => h.id === id)!);
  });
}
