import type { HoldDto, ReasonBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { holdsForRecording, lockHold, markHoldReleased } from '../../repositories/db/holds-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { holdDto } from './hold-dto.ts';
import { recomputeRetention } from '../retention/recompute.ts';

/** Releasing keeps the hold on record with who released it and why. */
export async function releaseHold(
  ctx: AppContext,
  staff: StaffPrincipal,
  holdId: string,
  body: ReasonBody,
  requestId: string,
): Promise<HoldDto> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const hold = await lockHold(tx, holdId);
    if (!hold) throw notFound('hold');
    if (hold.released_at) throw conflict('hold_released', 'the hold is already released');
    await markHoldReleased(tx, holdId, staff.userId, body.reason, now);
    await recomputeRetention(tx, [hold.recording_id], now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'hold.released', subject: { type: 'recording', id: hold.recording_id }, details: { holdId, reason: body.reason } },
      now,
    );
    return holdDto((await holdsForRecording(tx, hold.recording_id)).find((h) => h.id === holdId)!);
  });
}
