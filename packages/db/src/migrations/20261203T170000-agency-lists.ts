import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// Lists filtered by agency at scale (issue 11; test/bench/README.md, eleventh round):
// - Each call carries its creator's current agency, kept by the database as review_items'
//   copy is (20261202T230000-review-item-agency): a call takes it when inserted or given another
//   creator, and a creator's move rewrites the agency of their calls, in the same transaction.
//   Indexed by start time, the newest page of an agency's recordings is a walk of that agency's
//   calls; through creators it walked every call newest first and kept one in fifty.
// - The queue's agency index carries what the queue's filters and counts test, so that a count
//   under an agency reads the agency's index entries alone, not each item's row.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table calls add column agency_id uuid references agencies (id)`.execute(db);
  await sql`update calls c set agency_id = cr.agency_id from creators cr where cr.id = c.creator_id`.execute(db);
  await sql`alter table calls alter column agency_id set not null`.execute(db);

  await sql`
    create function kura_call_agency() returns trigger language plpgsql as $$
    begin
      select cr.agency_id into new.agency_id from creators cr where cr.id = new.creator_id;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger calls_agency before insert or update of creator_id on calls
    for each row execute function kura_call_agency()`.execute(db);

  await sql`
    create function kura_creator_agency_calls() returns trigger language plpgsql as $$
    begin
      update calls set agency_id = new.agency_id where creator_id = new.id;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger creators_calls_agency after update of agency_id on creators
    for each row when (old.agency_id is distinct from new.agency_id) execute function kura_creator_agency_calls()`.execute(db);

  await sql`create index calls_agency_started_idx on calls (agency_id, started_at)`.execute(db);

  await sql`create index review_items_agency_filters_idx on review_items (agency_id, priority desc, opened_at, id)
    include (status, queue, categories, assignee_id, claim_expires_at)`.execute(db);
  await sql`drop index review_items_agency_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists review_items_agency_idx on review_items (agency_id, priority desc, opened_at, id)`.execute(db);
  await sql`drop index if exists review_items_agency_filters_idx`.execute(db);
  await sql`drop trigger if exists creators_calls_agency on creators`.execute(db);
  await sql`drop trigger if exists calls_agency on calls`.execute(db);
  await sql`drop function if exists kura_creator_agency_calls()`.execute(db);
  await sql`drop function if exists kura_call_agency()`.execute(db);
  await sql`alter table calls drop column if exists agency_id`.execute(db);
}
