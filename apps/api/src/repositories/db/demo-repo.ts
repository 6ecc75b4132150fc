import { sql } from 'kysely';
import type { ConductCategoryValue, DbOrTx, DbTx, Severity } from '@kura/db';

export async function isDemoSeeded(db: DbOrTx, version: string): Promise<boolean> {
  return !!(await db.selectFrom('demo_state').select('id').where('id', '=', version).executeTakeFirst());
}

export async function markDemoSeeded(db: DbOrTx, version: string): Promise<void> {
  await db
    .insertInto('demo_state')
    .values({ id: version })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

// The review demo writes flags and a hold the way their services store them (the row plus, for a
// flag, its first revision), so the demo can show them before those services exist here.

export interface DemoFlagRow {
  recordingId: string;
  reviewItemId: string;
  category: ConductCategoryValue;
  severity: Severity;
  startMs: number;
  endMs: number;
  note: string | null;
  authorId: string;
  at: Date;
}

export async function insertDemoFlag(tx: DbTx, f: DemoFlagRow): Promise<string> {
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
      created_at: f.at,
      updated_at: f.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('flag_revisions')
    .values({
      flag_id: row.id,
      version: 1,
      category: f.category,
      severity: f.severity,
      start_ms: f.startMs,
      end_ms: f.endMs,
      note: f.note,
      edited_by: f.authorId,
      edited_at: f.at,
    })
    .execute();
  return row.id;
}

export async function insertDemoHold(tx: DbTx, h: { recordingId: string; reason: string; placedBy: string; at: Date }): Promise<string> {
  const row = await tx
    .insertInto('legal_holds')
    .values({ recording_id: h.recordingId, reason: h.reason, placed_by: h.placedBy, placed_at: h.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function hasActiveHold(db: DbOrTx, recordingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('legal_holds')
    .select('id')
    .where('recording_id', '=', recordingId)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  return !!row;
}

/**
 * Demo items and reports arrive minutes after their call ended rather than all at seeding time,
 * so the queue shows the ages a real one would.
 */
export async function backdateDemoReviews(db: DbOrTx): Promise<void> {
  await sql`update reports r set created_at = least(r.created_at, c.ended_at + interval '5 minutes')
    from calls c where c.id = r.call_id`.execute(db);
  await sql`update review_items ri set opened_at = least(ri.opened_at, c.ended_at + interval '4 minutes')
    from calls c where c.id = ri.call_id`.execute(db);
}
