import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// Indexes for the lists at scale (issue 11): each list page and each of the queue's counts is a
// bounded walk over one index, whatever the size of the table.
// - The queue's waiting items per queue in opening order, with what decides "claimed now" in the
//   index: the open and escalated counts and the oldest waiting item read the index alone.
// - An agency's or creator's calls from the index alone (the queue's filter by agency is a
//   semi-join through them); it replaces calls_creator_idx, which it covers.
// - The audit log filtered by action or by subject id, newest first (the existing subject index
//   leads with subject_type, which the filter does not give).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index review_items_waiting_idx on review_items (queue, opened_at) include (assignee_id, claim_expires_at)
    where status = 'open'`.execute(db);
  await sql`create index calls_creator_call_idx on calls (creator_id) include (id)`.execute(db);
  await sql`drop index calls_creator_idx`.execute(db);
  await sql`create index audit_events_action_idx on audit_events (action, seq)`.execute(db);
  await sql`create index audit_events_subject_id_idx on audit_events (subject_id, seq)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists calls_creator_idx on calls (creator_id)`.execute(db);
  for (const i of ['audit_events_subject_id_idx', 'audit_events_action_idx', 'calls_creator_call_idx', 'review_items_waiting_idx']) {
    await sql`drop index if exists ${sql.raw(i)}`.execute(db);
  }
}
