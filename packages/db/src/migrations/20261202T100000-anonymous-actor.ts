import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.

// Sign-in attempts happen before anyone is authenticated. They were written as actor
// staff/'anonymous', which named no staff row and broke every lookup that expects a staff id to be
// a uuid; they get an actor type of their own. Rows already written stay as they are (the chain is
// append-only and their hashes cover the actor), so readers must still cope with staff/'anonymous'.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events drop constraint audit_events_actor_type_check`.execute(db);
  await sql`
    alter table audit_events add constraint audit_events_actor_type_check
    check (actor_type in ('staff', 'service', 'system', 'agency', 'anonymous'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events drop constraint audit_events_actor_type_check`.execute(db);
  // NOT VALID: rows written as 'anonymous' meanwhile cannot be rewritten; only new rows are checked.
  await sql`
    alter table audit_events add constraint audit_events_actor_type_check
    check (actor_type in ('staff', 'service', 'system', 'agency')) not valid`.execute(db);
}
