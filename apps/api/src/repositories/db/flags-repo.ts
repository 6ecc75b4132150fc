import { sql } from 'kysely';
import type { ConductCategoryValue, DbOrTx, DbTx, Severity } from '@kura/db';

// Writes on flags. A flag row holds the current version; flag_revisions holds every version,
// the first included, and neither is ever deleted.

export interface FlagFields {
  category: ConductCategoryValue;
  severity: Severity;
  startMs: number;
  endMs: number;
  note: string | null;
}

export async function insertFlag(
  tx: DbTx,
  f: FlagFields & { recordingId: string; reviewItemId: string | null; authorId: string; at: Date },
): Promise<string> {
  const row = await tx
    .insertInto('flags')
    .values({
      recording_id: f.recordingId,
      review_item_id: f.reviewItemId,
      category: f.category,
      severity: f.severity,
      start_ms: f.startMs,
      end_ms: f.endMs,
      note: f.note,
      author_id: f.authorId,
      version: 1,
      created_at: f.at,
      updated_at: f.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertFlagRevision(tx: DbTx, flagId: string, version: number, f: FlagFields, editedBy: string, at: Date) {
  await tx
    .insertInto('flag_revisions')
    .values({
      flag_id: flagId,
      version,
      category: f.category,
      severity: f.severity,
      start_ms: f.startMs,
      end_ms: f.endMs,
      note: f.note,
      edited_by: editedBy,
      edited_at: at,
    })
    .execute();
}

/** The flag, locked until the transaction ends, so two edits cannot both claim one version. */
export async function lockFlag(tx: DbTx, id: string) {
  return tx.selectFrom('flags').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateFlagVersion(tx: DbTx, id: string, version: number, f: FlagFields, at: Date): Promise<void> {
  await tx
    .updateTable('flags')
    .set({ category: f.category, severity: f.severity, start_ms: f.startMs, end_ms: f.endMs, note: f.note, version, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function markFlagRetracted(tx: DbTx, id: string, by: string, reason: string, at: Date): Promise<void> {
  await tx
    .updateTable('flags')
    .set({ retracted_at: at, retracted_by: by, retract_reason: reason, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** The review item's call, if the item exists. */
export async function reviewItemCall(db: DbOrTx, reviewItemId: string): Promise<string | undefined> {
  const row = await db.selectFrom('review_items').select('call_id').where('id', '=', reviewItemId).executeTakeFirst();
  return row?.call_id;
}

const SEVERITY_RANK = sql<number>`case f.severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 else 1 end`;

/** The most severe flag on the recording that is not retracted, or undefined when there is none. */
export async function worstActiveSeverity(db: DbOrTx, recordingId: string): Promise<Severity | undefined> {
  const row = await db
    .selectFrom('flags as f')
    .select('f.severity')
    .where('f.recording_id', '=', recordingId)
    .where('f.retracted_at', 'is', null)
    .orderBy(SEVERITY_RANK, 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.severity;
}

/**
 * Work on a call's flags is activity on its review: the caller's live claim on the call's open
 * item is pushed out to `until`. Claims held by others, or already lapsed, are left alone.
 */
export async function extendOwnLiveClaim(tx: DbTx, callId: string, staffUserId: string, now: Date, until: Date): Promise<void> {
  await tx
    .updateTable('review_items')
    .set({ claim_expires_at: until })
    .where('call_id', '=', callId)
    .where('status', '=', 'open')
    .where('assignee_id', '=', staffUserId)
    .where('claim_expires_at', '>', now)
    .execute();
}
