import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

/** The call's open review item, opened now if there is none. */
export async function openReviewItem(tx: DbTx, callId: string): Promise<string> {
  const existing = await tx
    .selectFrom('review_items')
    .select('id')
    .where('call_id', '=', callId)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await tx
    .insertInto('review_items')
    .values({ call_id: callId, status: 'open' })
    .onConflict((oc) =>
      oc
        .columns(['call_id'])
        .where('status', '=', 'open')
        .doUpdateSet({ status: sql`review_items.status` }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface NewReport {
  callId: string;
  reviewItemId: string;
  reporter: 'user' | 'creator' | 'system';
  category: string;
  note: string | null;
  atSeconds: number | null;
}

export async function insertReport(tx: DbTx, r: NewReport): Promise<string> {
  const row = await tx
    .insertInto('reports')
    .values({
      call_id: r.callId,
      review_item_id: r.reviewItemId,
      reporter: r.reporter,
      category: r.category,
      note: r.note,
      at_seconds: r.atSeconds,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function reportsForCall(db: DbOrTx, callId: string) {
  return db.selectFrom('reports').selectAll().where('call_id', '=', callId).orderBy('created_at', 'asc').execute();
}
