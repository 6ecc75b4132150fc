import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// The queue's closed items from an index alone (issue 11; test/bench/README.md, twelfth round).
// The closed count of every queue page had no index of its own: it read review_items' rows in
// physical order until it had counted 1,000 closed ones (1,666 rows at the sizes), the
// dearest of the page's four counts. Closed items are also the closed tab's whole list, in the
// order of opening that the tab's "oldest" and "newest" sorts walk.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index review_items_closed_idx on review_items (opened_at, id) where status = 'closed'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists review_items_closed_idx`.execute(db);
}
