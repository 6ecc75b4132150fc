import { sql } from 'kysely';
import type { DbOrTx } from '@kura/db';

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
