import { sql, type Kysely } from 'kysely';

// Frozen once landed: never edit, add a new migration instead. Never import app code here.
// The review queue filtered by agency (issue 11): each item carries the agency of its call's
// creator, so that the filter, the priority order and the keyset page are one walk over an index
// of the agency's own items, instead of a semi-join through every call of the agency.
//
// The copy follows the creator's CURRENT agency, as the join it replaces did (and as sharing does:
// a packet goes to the agency the creator belongs to now). Both links it copies can change after
// the item exists: ingest's upserts move a creator to another agency and can give a call another
// creator. So the database keeps it, whichever code writes: an item takes its agency when it is
// inserted (or moved to another call), and a change of a call's creator or of a creator's agency
// rewrites the agency of the items concerned, in the same transaction.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table review_items add column agency_id uuid references agencies (id)`.execute(db);
  await sql`update review_items ri set agency_id = cr.agency_id
    from calls c join creators cr on cr.id = c.creator_id
    where c.id = ri.call_id`.execute(db);
  await sql`alter table review_items alter column agency_id set not null`.execute(db);

  await sql`
    create function kura_review_item_agency() returns trigger language plpgsql as $$
    begin
      select cr.agency_id into new.agency_id
      from calls c join creators cr on cr.id = c.creator_id
      where c.id = new.call_id;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger review_items_agency before insert or update of call_id on review_items
    for each row execute function kura_review_item_agency()`.execute(db);

  await sql`
    create function kura_call_creator_changed() returns trigger language plpgsql as $$
    begin
      update review_items set agency_id = (select cr.agency_id from creators cr where cr.id = new.creator_id)
      where call_id = new.id;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger calls_review_items_agency after update of creator_id on calls
    for each row when (old.creator_id is distinct from new.creator_id) execute function kura_call_creator_changed()`.execute(db);

  await sql`
    create function kura_creator_agency_changed() returns trigger language plpgsql as $$
    begin
      update review_items ri set agency_id = new.agency_id
      from calls c
      where c.creator_id = new.id and ri.call_id = c.id;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger creators_review_items_agency after update of agency_id on creators
    for each row when (old.agency_id is distinct from new.agency_id) execute function kura_creator_agency_changed()`.execute(db);

  // The queue's filter by agency in its default order (priority, then the oldest), whatever the
  // status: the page walks it in order and stops at the page's end, the counts stop at their cap.
  await sql`create index review_items_agency_idx on review_items (agency_id, priority desc, opened_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists creators_review_items_agency on creators`.execute(db);
  await sql`drop trigger if exists calls_review_items_agency on calls`.execute(db);
  await sql`drop trigger if exists review_items_agency on review_items`.execute(db);
  await sql`drop function if exists kura_creator_agency_changed()`.execute(db);
  await sql`drop function if exists kura_call_creator_changed()`.execute(db);
  await sql`drop function if exists kura_review_item_agency()`.execute(db);
  await sql`alter table review_items drop column if exists agency_id`.execute(db);
}
