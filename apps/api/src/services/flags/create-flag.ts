import type { CreateFlagBody, FlagDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { flagsForRecording } from '../../repositories/db/flags-read.ts';
import { insertFlag, insertFlagRevision, reviewItemCall, type FlagFields } from '../../repositories/db/flags-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { flagDto } from './flag-dto.ts';
import { assertValidFlag, flaggableRecording, keepClaimAlive } from './flag-rules.ts';
import { recomputeRetention } from '../retention/recompute.ts';

/** A flag on a time range of a recording; its first version goes into the history at once. */
export async function createFlag(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  body: CreateFlagBody,
  requestId: string | null,
): Promise<FlagDto> {
  const rec = await flaggableRecording(ctx.db, recordingId);
  const fields: FlagFields = {
    category: body.category,
    severity: body.severity,
    startMs: body.startMs,
    endMs: body.endMs,
    note: body.note || null,
  };
  assertValidFlag(fields, rec.durationMs);
  const reviewItemId = body.reviewItemId ?? null;
  if (reviewItemId !== null && (await reviewItemCall(ctx.db, reviewItemId)) !== rec.callId) {
    throw badRequest('validation_failed', 'invalid flag', [
      { path: 'reviewItemId', message: "not a review item of this recording's call" },
    ]);
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const id = await insertFlag(tx, { ...fields, recordingId, reviewItemId, authorId: staff.userId, at: now });
    await insertFlagRevision(tx, id, 1, fields, staff.userId, now);
    await keepClaimAlive(ctx, tx, rec.callId, staff.userId, now);
    await recomputeRetention(tx, [recordingId], now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'flag.created',
        subject: { type: 'recording', id: recordingId },
        details: {
          flagId: id,
          category: fields.category,
          severity: fields.severity,
          startMs: fields.startMs,
          endMs: fields.endMs,
          reviewItemId,
        },
      },
      now,
    );
    return flagDto((await flagsForRecording(tx, recordingId)).find((f) => f.id === id)!);
  });
}
