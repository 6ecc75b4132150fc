import type { FlagDto, ReasonBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { flagsForRecording } from '../../repositories/db/flags-read.ts';
import { lockFlag, markFlagRetracted } from '../../repositories/db/flags-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { flagDto } from './flag-dto.ts';
import { flaggableRecording, keepClaimAlive } from './flag-rules.ts';
import { recomputeRetention } from '../retention/recompute.ts';

/** Retracting keeps the flag, marked with who retracted it and why; nothing is deleted. */
export async function retractFlag(
  ctx: AppContext,
  staff: StaffPrincipal,
  flagId: string,
  body: ReasonBody,
  requestId: string,
): Promise<FlagDto> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const flag = await lockFlag(tx, flagId);
    if (!flag) throw notFound('flag');
    if (flag.retracted_at) throw conflict('flag_retracted', 'the flag is already retracted');
    const rec = await flaggableRecording(tx, flag.recording_id);
    await markFlagRetracted(tx, flagId, staff.userId, body.reason, now);
    await keepClaimAlive(ctx, tx, rec.callId, staff.userId, now);
    await recomputeRetention(tx, [rec.id], now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'flag.retracted', subject: { type: 'recording', id: rec.id }, details: { flagId, reason: body.reason } },
      now,
    );
    return flagDto((await flagsForRecording(tx, rec.id)).find((f) => f.id === flagId)!);
  });
}
