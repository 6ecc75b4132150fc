import type { FlagDto, UpdateFlagBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { flagsForRecording } from '../../repositories/db/flags-read.ts';
import { insertFlagRevision, lockFlag, updateFlagVersion, type FlagFields } from '../../repositories/db/flags-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { flagDto } from './flag-dto.ts';
import { assertValidFlag, flaggableRecording, keepClaimAlive } from './flag-rules.ts';
import { recomputeRetention } from '../retention/recompute.ts';

const FIELDS = ['category', 'severity', 'startMs', 'endMs', 'note'] as const;

/**
 * An edit writes a new version (and a revision row) rather than overwriting: the history keeps
 * what every version said and who made it. An edit that changes nothing writes nothing.
 */
export async function editFlag(
  ctx: AppContext,
  staff: StaffPrincipal,
  flagId: string,
  body: UpdateFlagBody,
  requestId: string,
): Promise<FlagDto> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const flag = await lockFlag(tx, flagId);
    if (!flag) throw notFound('flag');
    if (flag.retracted_at) throw conflict('flag_retracted', 'a retracted flag cannot be edited');
    const rec = await flaggableRecording(tx, flag.recording_id);
    const before: FlagFields = {
      category: flag.category,
      severity: flag.severity,
      startMs: flag.start_ms,
      endMs: flag.end_ms,
      note: flag.note,
    };
    // An empty note clears it.
    const after: FlagFields = {
      category: body.category ?? before.category,
      severity: body.severity ?? before.severity,
      startMs: body.startMs ?? before.startMs,
      endMs: body.endMs ?? before.endMs,
      note: body.note === undefined ? before.note : body.note || null,
    };
    const changed = FIELDS.filter((k) => before[k] !== after[k]);
    if (changed.length > 0) {
      assertValidFlag(after, rec.durationMs);
      const version = flag.version + 1;
      await updateFlagVersion(tx, flagId, version, after, now);
      await insertFlagRevision(tx, flagId, version, after, staff.userId, now);
      await keepClaimAlive(ctx, tx, rec.callId, staff.userId, now);
      await recomputeRetention(tx, [rec.id], now);
      await appendAudit(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        { action: 'flag.edited', subject: { type: 'recording', id: rec.id }, details: { flagId, version, changed: [...changed] } },
        now,
      );
    }
    return flagDto((await flagsForRecording(tx, rec.id)).find((f) => f.id === flagId)!);
  });
}
