import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTx, DbTx, ReviewQueue, ReviewSource } from '@kura/db';

// The review queue's rows. A claim is an assignee with an expiry; every question of "is it
// claimed now" takes `now` from the caller (the app's clock), never the database's.

export type ItemStatus = 'open' | 'claimed' | 'escalated' | 'closed';

const live = (now: Date) => sql<SqlBool>`(ri.assignee_id is not null and ri.claim_expires_at > ${now})`;

/** The status the API shows, as SQL over `ri` (see ReviewStatus in the contracts). */
export function statusIs(status: ItemStatus, now: Date): Expression<SqlBool> {
  switch (status) {
    case 'closed':
      return sql<SqlBool>`ri.status = 'closed'`;
    case 'claimed':
      return sql<SqlBool>`(ri.status = 'open' and ${live(now)})`;
    case 'escalated':
      return sql<SqlBool>`(ri.status = 'open' and not ${live(now)} and ri.queue = 'leads')`;
    case 'open':
      return sql<SqlBool>`(ri.status = 'open' and not ${live(now)} and ri.queue = 'moderators')`;
  }
}

/** The items' own rows, to be narrowed to a page (or one item) before anything is joined. */
function items(db: DbOrTx) {
  return db.selectFrom('review_items as ri').selectAll('ri');
}
type ItemPage = ReturnType<typeof items>;

/**
 * A page of items with what the queue shows of each. The page is chosen from review_items alone
 * and only its rows are looked up in the other tables: one query joining all eight tables costs
 * PostgreSQL several milliseconds of planning per request (it weighs every join order), more
 * than running it; a lateral lookup per row plans as small separate pieces.
 */
function withColumns(db: DbOrTx, page: ItemPage) {
  return db
    .selectFrom(page.as('ri'))
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('calls as c')
          .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
          .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
          .innerJoin('platform_users as u', 'u.id', 'c.user_id')
          .leftJoin('recordings as r', (j) => j.onRef('r.call_id', '=', 'c.id').on('r.state', '<>', 'uploading'))
          .whereRef('c.id', '=', 'ri.call_id')
          .select([
            'c.ref as call_ref',
            'c.started_at',
            'c.ended_at',
            'c.user_id',
            'c.creator_id',
            'r.id as recording_id',
            'r.state as recording_state',
            'r.duration_ms',
            'cr.ref as creator_ref',
            'cr.name as creator_name',
            'a.ref as agency_ref',
            'a.name as agency_name',
            'u.ref as user_ref',
            'u.is_minor',
            (eb2) =>
              eb2
                .exists(
                  eb2
                    .selectFrom('legal_holds as lh')
                    .select('lh.id')
                    .whereRef('lh.recording_id', '=', 'r.id')
                    .where('lh.released_at', 'is', null),
                )
                .as('on_hold'),
          ])
          .as('x'),
      (j) => j.onTrue(),
    )
    .select([
      'ri.id',
      'ri.status',
      'ri.queue',
      'ri.source',
      'ri.priority',
      'ri.priority_reasons',
      'ri.categories',
      'ri.opened_at',
      // Exact to the microsecond, for keyset cursors (a JS Date keeps milliseconds only).
      sql<string>`ri.opened_at::text`.as('opened_key'),
      'ri.closed_at',
      'ri.assignee_id',
      (eb) => eb.selectFrom('staff_users as s').select('s.display_name').whereRef('s.id', '=', 'ri.assignee_id').as('assignee_name'),
      'ri.claim_expires_at',
      'ri.opened_by',
      (eb) => eb.selectFrom('staff_users as ob').select('ob.display_name').whereRef('ob.id', '=', 'ri.opened_by').as('opened_by_name'),
      'ri.open_note',
      'ri.call_id',
      'x.call_ref',
      'x.started_at',
      'x.ended_at',
      'x.user_id',
      'x.creator_id',
      'x.recording_id',
      'x.recording_state',
      'x.duration_ms',
      'x.creator_ref',
      'x.creator_name',
      'x.agency_ref',
      'x.agency_name',
      'x.user_ref',
      'x.is_minor',
      'x.on_hold',
      (eb) =>
        eb
          .selectFrom('reports as rp')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('rp.review_item_id', '=', 'ri.id')
          .as('report_count'),
    ]);
}

export type ItemRow = Awaited<ReturnType<ReturnType<typeof withColumns>['execute']>>[number];

export interface ItemFilter {
  now: Date;
  status?: ItemStatus;
  category?: string;
  agencyRef?: string;
  creatorRef?: string;
  assigneeId?: string;
  /** Inclusive lower and exclusive upper bound of the score. */
  priority?: { min: number; below: number };
  sampled?: boolean;
  openedFrom?: Date;
  openedBefore?: Date;
}

export type ItemSort = 'priority' | 'oldest' | 'newest';
export interface ItemKey {
  priority: number;
  /** opened_at as PostgreSQL prints it (microseconds). */
  openedAt: string;
  id: string;
}

// The filter as conditions on `ri` alone, so that a page and the counts are chosen from
// review_items before anything else is read: the agency is the item's own copy (kept by the
// database, migration 20261202T230000-review-item-agency), a creator a semi-join through its calls
// (`creatorCalls`, from callsOfCreator: a creator's calls are few).
function conditions(f: ItemFilter, creatorCalls: Expression<unknown> | undefined): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  if (f.status) w.push(statusIs(f.status, f.now));
  if (f.category) w.push(sql<SqlBool>`ri.categories @> array[${f.category}]::text[]`);
  if (f.agencyRef) w.push(sql<SqlBool>`ri.agency_id = (select fa.id from agencies fa where fa.ref = ${f.agencyRef})`);
  if (creatorCalls) w.push(sql<SqlBool>`ri.call_id in (${creatorCalls})`);
  if (f.assigneeId) w.push(sql<SqlBool>`(ri.assignee_id = ${f.assigneeId} and ${live(f.now)} and ri.status = 'open')`);
  if (f.priority) w.push(sql<SqlBool>`(ri.priority >= ${f.priority.min} and ri.priority < ${f.priority.below})`);
  if (f.sampled !== undefined) w.push(f.sampled ? sql<SqlBool>`ri.source = 'sample'` : sql<SqlBool>`ri.source <> 'sample'`);
  if (f.openedFrom) w.push(sql<SqlBool>`ri.opened_at >= ${f.openedFrom}`);
  if (f.openedBefore) w.push(sql<SqlBool>`ri.opened_at < ${f.openedBefore}`);
  return w;
}

/** The calls of the filter's creator, or undefined when it names none. */
function callsOfCreator(db: DbOrTx, f: ItemFilter) {
  if (!f.creatorRef) return undefined;
  return db
    .selectFrom('calls as fc')
    .innerJoin('creators as fcr', 'fcr.id', 'fc.creator_id')
    .select('fc.id')
    .where('fcr.ref', '=', f.creatorRef);
}

/** One page in the sort's order, after `after`; each key is unique so a walk never repeats. */
export async function listItems(db: DbOrTx, f: ItemFilter, sort: ItemSort, after: ItemKey | undefined, limit: number) {
  const w = conditions(f, callsOfCreator(db, f));
  if (after) {
    const t = sql`${after.openedAt}::timestamptz`;
    const id = sql`${after.id}::uuid`;
    w.push(
      sort === 'priority'
        ? sql<SqlBool>`(-ri.priority, ri.opened_at, ri.id) > (${-after.priority}, ${t}, ${id})`
        : sort === 'oldest'
          ? sql<SqlBool>`(ri.opened_at, ri.id) > (${t}, ${id})`
          : sql<SqlBool>`(ri.opened_at, ri.id) < (${t}, ${id})`,
    );
  }
  let page = w.length ? items(db).where((eb) => eb.and(w)) : items(db);
  if (sort === 'priority') page = page.orderBy('ri.priority', 'desc').orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else if (sort === 'oldest') page = page.orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else page = page.orderBy('ri.opened_at', 'desc').orderBy('ri.id', 'desc');
  // The lookups keep no order of their own: the page's order is applied again to its rows.
  let q = withColumns(db, page.limit(limit));
  if (sort === 'priority') q = q.orderBy('ri.priority', 'desc').orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else if (sort === 'oldest') q = q.orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else q = q.orderBy('ri.opened_at', 'desc').orderBy('ri.id', 'desc');
  return q.execute();
}

/**
 * Counts stop at this many rows: past it a count would cost a walk over every matching item on
 * every page, growing with the table; "1,000 or more" is what a queue's tab needs to say.
 */
export const COUNT_LIMIT = 1000;

/**
 * Per status under the filter (whose own status is ignored), each at most `limit`, and the
 * oldest unclaimed open item. Each is a walk over review_items that stops at the limit (or at its
 * first row), through the partial index of 20261202T220000-list-indexes where it can, or the
 * agency's own index when the filter names an agency; a filter by creator also reads the
 * creator's calls, from an index alone.
 */
export async function countItems(db: DbOrTx, f: ItemFilter, limit: number = COUNT_LIMIT) {
  const { status: _ignored, ...rest } = f;
  const w = conditions(rest, callsOfCreator(db, rest));
  const base = () => (w.length ? db.selectFrom('review_items as ri').where((eb) => eb.and(w)) : db.selectFrom('review_items as ri'));
  const n = (s: ItemStatus) =>
    sql<number>`(select count(*) from (${base()
      .select(sql`1`.as('one'))
      .where(statusIs(s, f.now))
      .limit(limit)}) capped)`;
  // One walk per queue in opening order, each stopping at its first waiting item: one ordered
  // walk over both would have to merge them.
  const oldestIn = (queue: ReviewQueue) =>
    base()
      .select('ri.opened_at')
      .where('ri.status', '=', 'open')
      .where('ri.queue', '=', queue)
      .where(sql<SqlBool>`not ${live(f.now)}`)
      .orderBy('ri.opened_at')
      .limit(1);
  const row = await db
    .selectNoFrom([
      n('open').as('open'),
      n('claimed').as('claimed'),
      n('escalated').as('escalated'),
      n('closed').as('closed'),
      sql<Date | null>`least((${oldestIn('moderators')}), (${oldestIn('leads')}))`.as('oldest_waiting'),
    ])
    .executeTakeFirstOrThrow();
  return {
    counts: { open: Number(row.open), claimed: Number(row.claimed), escalated: Number(row.escalated), closed: Number(row.closed) },
    oldestWaitingAt: row.oldest_waiting,
  };
}

export async function findItem(db: DbOrTx, id: string): Promise<ItemRow | undefined> {
  return withColumns(db, items(db).where('ri.id', '=', id)).executeTakeFirst();
}

function lockable(tx: DbTx) {
  return tx
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .select([
      'ri.id',
      'ri.status',
      'ri.queue',
      'ri.source',
      'ri.categories',
      'ri.assignee_id',
      'ri.claim_expires_at',
      'ri.call_id',
      'c.ref as call_ref',
      'c.user_id',
      'c.creator_id',
    ]);
}

// The holder's name is read after the lock, not joined into the locking query: a query that
// waited for the lock re-reads the locked row but keeps the joined rows it first saw, so a joined
// name could belong to the holder before the one who just committed.
async function withHolderNames<T extends { assignee_id: string | null }>(tx: DbTx, rows: T[]) {
  const ids = [...new Set(rows.map((r) => r.assignee_id).filter((id): id is string => id !== null))];
  const names = ids.length
    ? new Map(
        (await tx.selectFrom('staff_users').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((r) => [
          r.id,
          r.display_name,
        ]),
      )
    : new Map<string, string>();
  return rows.map((r) => ({ ...r, assignee_name: r.assignee_id ? (names.get(r.assignee_id) ?? null) : null }));
}

/** Locks the item for the rest of the transaction (claims, decisions, reopening). */
export async function lockItem(tx: DbTx, id: string) {
  const row = await lockable(tx).where('ri.id', '=', id).forUpdate('ri').executeTakeFirst();
  return row ? (await withHolderNames(tx, [row]))[0]! : undefined;
}
export type LockedItem = NonNullable<Awaited<ReturnType<typeof lockItem>>>;

/** Locks the items that exist among `ids`, in id order so that two bulk actions cannot deadlock. */
export async function lockItems(tx: DbTx, ids: string[]): Promise<LockedItem[]> {
  if (ids.length === 0) return [];
  const rows = await lockable(tx).where('ri.id', 'in', ids).orderBy('ri.id').forUpdate('ri').execute();
  return withHolderNames(tx, rows);
}

/** The open item that `staffId` holds a live claim on, if any (locked). */
export async function liveClaimOf(tx: DbTx, staffId: string, now: Date): Promise<string | undefined> {
  const row = await tx
    .selectFrom('review_items as ri')
    .select('ri.id')
    .where('ri.status', '=', 'open')
    .where('ri.assignee_id', '=', staffId)
    .where('ri.claim_expires_at', '>', now)
    .orderBy('ri.claimed_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  return row?.id;
}

// The two-key form of advisory locks never collides with the one-key locks of the audit chain.
const NEXT_LOCK_SPACE = 0x6e657874; // "next"

/** Until commit, one "next" at a time for this person. */
export async function serialiseNextFor(tx: DbTx, staffId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${NEXT_LOCK_SPACE}::int, hashtext(${staffId}))`.execute(tx);
}

/**
 * Takes the most urgent open item nobody holds a live claim on, from the given queues (the first
 * queue listed goes first). SKIP LOCKED: callers at the same moment each get a different row.
 */
export async function lockNextClaimable(tx: DbTx, queues: ReviewQueue[], now: Date): Promise<string | undefined> {
  const first = queues[0]!;
  const row = await tx
    .selectFrom('review_items as ri')
    .select('ri.id')
    .where('ri.status', '=', 'open')
    .where('ri.queue', 'in', queues)
    .where((eb) => eb.or([eb('ri.assignee_id', 'is', null), eb('ri.claim_expires_at', '<=', now)]))
    .orderBy(sql`(ri.queue = ${first})`, 'desc')
    .orderBy('ri.priority', 'desc')
    .orderBy('ri.opened_at', 'asc')
    .orderBy('ri.id', 'asc')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row?.id;
}

export async function setClaim(tx: DbTx, id: string, assigneeId: string, at: Date, expiresAt: Date): Promise<void> {
  await tx
    .updateTable('review_items')
    .set({ assignee_id: assigneeId, claimed_at: at, claim_expires_at: expiresAt })
    .where('id', '=', id)
    .execute();
}

/** Activity of the holder on the item keeps the claim alive; anyone else's does nothing. */
export async function extendLiveClaim(tx: DbTx, id: string, holderId: string, now: Date, expiresAt: Date): Promise<boolean> {
  const r = await tx
    .updateTable('review_items')
    .set({ claim_expires_at: expiresAt })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('assignee_id', '=', holderId)
    .where('claim_expires_at', '>', now)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function clearClaim(tx: DbTx, id: string): Promise<void> {
  await tx.updateTable('review_items').set({ assignee_id: null, claimed_at: null, claim_expires_at: null }).where('id', '=', id).execute();
}

export async function closeItem(tx: DbTx, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('review_items')
    .set({ status: 'closed', closed_at: at, assignee_id: null, claimed_at: null, claim_expires_at: null })
    .where('id', '=', id)
    .execute();
}

export async function escalateItem(tx: DbTx, id: string): Promise<void> {
  await tx
    .updateTable('review_items')
    .set({ queue: 'leads', assignee_id: null, claimed_at: null, claim_expires_at: null })
    .where('id', '=', id)
    .execute();
}

/**
 * False when the call got another open item meanwhile (the one-open-item-per-call index); the
 * transaction is then unusable and the caller must abandon it.
 */
export async function reopenLockedItem(tx: DbTx, id: string, leadId: string, at: Date, expiresAt: Date): Promise<boolean> {
  try {
    await tx
      .updateTable('review_items')
      .set({ status: 'open', closed_at: null, assignee_id: leadId, claimed_at: at, claim_expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return false;
    throw err;
  }
}

export async function openItemForCall(db: DbOrTx, callId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('review_items')
    .select('id')
    .where('call_id', '=', callId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return row?.id;
}

export interface NewItem {
  callId: string;
  source: ReviewSource;
  openedAt: Date;
  openedBy: string | null;
  openNote: string | null;
}

/** Opens an item unless the call already has an open one: undefined then (no error, no wait on a race). */
export async function insertItemUnlessOpen(tx: DbTx, item: NewItem): Promise<string | undefined> {
  const row = await tx
    .insertInto('review_items')
    .values({
      call_id: item.callId,
      status: 'open',
      source: item.source,
      opened_at: item.openedAt,
      opened_by: item.openedBy,
      open_note: item.openNote,
    })
    .onConflict((oc) => oc.columns(['call_id']).where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** What priority is computed from, read in the caller's transaction. */
export async function priorityFacts(db: DbOrTx, id: string) {
  const userViolation = ['warn_user', 'suspend_user', 'ban_user', 'refer_to_agency'];
  const creatorViolation = ['warn_creator', 'refer_to_agency'];
  const row = await db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .select([
      'ri.source',
      'u.is_minor',
      sql<
        string[]
      >`coalesce((select array_agg(rp.category order by rp.category) from reports rp where rp.review_item_id = ri.id), '{}')`.as(
        'report_categories',
      ),
      sql<string>`(select count(*) from reports rp join calls o on o.id = rp.call_id where o.user_id = c.user_id and o.id <> c.id)`.as(
        'user_reports',
      ),
      sql<string>`(select count(*) from decisions d join calls o on o.id = d.call_id
        where o.user_id = c.user_id and o.id <> c.id and d.reopened_at is null and d.outcome = any(${userViolation}::text[]))`.as(
        'user_violations',
      ),
      sql<string>`(select count(*) from reports rp join calls o on o.id = rp.call_id where o.creator_id = c.creator_id and o.id <> c.id)`.as(
        'creator_reports',
      ),
      sql<string>`(select count(*) from decisions d join calls o on o.id = d.call_id
        where o.creator_id = c.creator_id and o.id <> c.id and d.reopened_at is null and d.outcome = any(${creatorViolation}::text[]))`.as(
        'creator_violations',
      ),
    ])
    .where('ri.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    source: row.source,
    minorUser: row.is_minor,
    reportCategories: row.report_categories,
    userReports: Number(row.user_reports),
    userViolations: Number(row.user_violations),
    creatorReports: Number(row.creator_reports),
    creatorViolations: Number(row.creator_violations),
  };
}

export async function setPriority(tx: DbTx, id: string, priority: number, reasons: unknown[], categories: string[]): Promise<void> {
  await tx
    .updateTable('review_items')
    .set({ priority, priority_reasons: JSON.stringify(reasons), categories })
    .where('id', '=', id)
    .execute();
}

/** Open items of the call's user or creator (the call's own included). */
export async function openItemsOfAccountsOfCall(db: DbOrTx, callId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .innerJoin('calls as this', (j) => j.on('this.id', '=', callId))
    .select('ri.id')
    .where('ri.status', '=', 'open')
    .where((eb) => eb.or([eb('c.user_id', '=', eb.ref('this.user_id')), eb('c.creator_id', '=', eb.ref('this.creator_id'))]))
    .orderBy('ri.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Open items never scored (rows from before priorities existed), a batch at a time. */
export async function unscoredOpenItems(db: DbOrTx, afterId: string | undefined, limit: number): Promise<string[]> {
  let q = db
    .selectFrom('review_items')
    .select('id')
    .where('status', '=', 'open')
    .where(sql<SqlBool>`priority_reasons = '[]'::jsonb`);
  if (afterId) q = q.where('id', '>', afterId);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Locks the item if it is still open, for a recomputation that must not race a report. */
export async function lockOpenItem(tx: DbTx, id: string): Promise<boolean> {
  const row = await tx
    .selectFrom('review_items')
    .select('id')
    .where('id', '=', id)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  return !!row;
}

export async function reportsForItem(db: DbOrTx, itemId: string) {
  return db.selectFrom('reports').selectAll().where('review_item_id', '=', itemId).orderBy('created_at', 'asc').orderBy('id').execute();
}

/** Reviewers who can be given an item: enabled moderators and leads. */
export async function assignableStaff(db: DbOrTx) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name', 'roles'])
    .where('disabled_at', 'is', null)
    .where(sql<SqlBool>`roles && array['moderator', 'lead']::text[]`)
    .orderBy('display_name')
    .orderBy('id')
    .execute();
}

export async function findAssignable(db: DbOrTx, id: string) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'display_name', 'roles'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where(sql<SqlBool>`roles && array['moderator', 'lead']::text[]`)
    .executeTakeFirst();
}
