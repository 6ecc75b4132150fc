import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// The review queue and the decision feed: a feed row names the decision it replaces (a lead
// reopened the item and it was decided again), and the queue's priority order and the reports
// of an item get their indexes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('decision_feed')
    .addColumn('supersedes', 'uuid', (c) => c.references('decisions.id'))
    .execute();
  await sql`create index reports_review_item_idx on reports (review_item_id)`.execute(db);
  await sql`create index review_items_priority_idx on review_items (priority desc, opened_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['review_items_priority_idx', 'reports_review_item_idx']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  await db.schema.alterTable('decision_feed').dropColumn('supersedes').execute();
}
