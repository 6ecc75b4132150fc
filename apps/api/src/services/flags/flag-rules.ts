import type { AppContext } from '../../context.ts';
import type { DbOrTx, DbTx } from '@kura/db';
import { badRequest, notFound } from '../../lib/errors.ts';
import { extendOwnLiveClaim, type FlagFields } from '../../repositories/db/flags-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';

/** A recording staff can see (one still uploading does not exist yet), or 404. */
export async function flaggableRecording(db: DbOrTx, recordingId: string) {
  const r = await getRecording(db, recordingId);
  if (!r || r.state === 'uploading') throw notFound('recording');
  return { id: r.id, callId: r.call_id, durationMs: r.duration_ms };
}

/**
 * The rules a flag's current version must meet, checked on the merged result of every edit too.
 * The range is checked against the duration only once probing has measured it.
 */
export function assertValidFlag(f: FlagFields, durationMs: number | null): void {
  const issues: { path: string; message: string }[] = [];
  if (f.endMs <= f.startMs) issues.push({ path: 'endMs', message: 'endMs must be after startMs' });
  if (durationMs !== null && f.endMs > durationMs) {
    issues.push({ path: 'endMs', message: `the range must lie within the recording (${durationMs} ms)` });
  }
  if (f.category === 'other' && !f.note) issues.push({ path: 'note', message: 'a note is required for category "other"' });
  if (issues.length > 0) throw badRequest('validation_failed', 'invalid flag', issues);
}

/** Flagging is work on the call's review: it keeps the flagger's own claim from lapsing. */
export async function keepClaimAlive(ctx: AppContext, tx: DbTx, callId: string, staffUserId: string, now: Date): Promise<void> {
  await extendOwnLiveClaim(tx, callId, staffUserId, now, new Date(now.getTime() + ctx.config.claimIdleMinutes * 60_000));
}
