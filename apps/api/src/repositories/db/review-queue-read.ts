import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTx, ReviewQueue } from '@kura/db';
import { preparedQuery } from './prepared-query.ts';

// The review queue as staff read it: a page of items under a filter, the counts per status, and
// one item with everything the queue shows of it. Every question of "is it claimed now" takes
// `now` from the caller (the app's clock), never the database's.

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
          // A literal, not a parameter: only then can a plan made for any values use the
          // partial index of a call's one recording (WHERE state <> 'uploading').
          .leftJoin('recordings as r', (j) => j.onRef('r.call_id', '=', 'c.id').on('r.state', '<>', sql.lit('uploading')))
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
  if (f.category) {
    // With an agency, its own index narrows the items to its few thousand and the category is
    // checked on each; as `@>` the planner also walked the category's whole GIN entry (a seventh
    // of all items) for every count, and one page of counts cost 6 ms at the issue's sizes.
    w.push(
      f.agencyRef ? sql<SqlBool>`${f.category}::text = any(ri.categories)` : sql<SqlBool>`ri.categories @> array[${f.category}]::text[]`,
    );
  }
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

/**
 * Items with everything the queue shows of them, by id, in no order. One statement for every page
 * and item view, prepared (prepared-query.ts): joining the item to six tables cost PostgreSQL more
 * to plan on every request (0.8 ms at the issue's sizes) than to run (0.5 ms), and by id its plan
 * never depends on the values.
 */
const itemsById = preparedQuery((db, p: { ids: string[] }) =>
  withColumns(db, items(db).where(sql<SqlBool>`ri.id = any(${p.ids}::uuid[])`)),
);

/**
 * One page in the sort's order, after `after`; each key is unique so a walk never repeats. The
 * page's ids are chosen from review_items alone (a plan of its own, as the filter changes), then
 * read whole by id.
 */
export async function listItems(db: DbOrTx, f: ItemFilter, sort: ItemSort, after: ItemKey | undefined, limit: number): Promise<ItemRow[]> {
  const w = conditions(f, callsOfCreator(db, f));
  if (after) {
    const t = sql`${after.openedAt}::timestamptz`;
    const id = sql`${after.id}::uuid`;
    // The priority key is "after" in (priority desc, opened_at, id). Spelt with `priority <=` on
    // its own, the bound starts the walk of a (…, priority desc, opened_at, id) index at the
    // cursor; as one row comparison over -priority it was a filter, and page n walked every
    // entry of the n-1 pages before it (31 ms for a page 60,000 items deep at the full size).
    const p = sql`${after.priority}::int`;
    w.push(
      sort === 'priority'
        ? sql<SqlBool>`(ri.priority <= ${p} and (ri.priority < ${p} or (ri.opened_at, ri.id) > (${t}, ${id})))`
        : sort === 'oldest'
          ? sql<SqlBool>`(ri.opened_at, ri.id) > (${t}, ${id})`
          : sql<SqlBool>`(ri.opened_at, ri.id) < (${t}, ${id})`,
    );
  }
  let page = db.selectFrom('review_items as ri').select('ri.id');
  if (w.length) page = page.where((eb) => eb.and(w));
  if (sort === 'priority') page = page.orderBy('ri.priority', 'desc').orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else if (sort === 'oldest') page = page.orderBy('ri.opened_at', 'asc').orderBy('ri.id', 'asc');
  else page = page.orderBy('ri.opened_at', 'desc').orderBy('ri.id', 'desc');
  const ids = (await page.limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = new Map((await itemsById(db, { ids })).map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Counts stop at this many rows: past it a count would cost a walk over every matching item on
 * every page, growing with the table; "1,000 or more" is what a queue's tab needs to say.
 */
export const COUNT_LIMIT = 1000;

/**
 * Per status under the filter (whose own status is ignored), each at most `limit`, and the
 * oldest unclaimed open item. Each is a walk over review_items that stops at the limit (or at its
 * first row), through a partial index where it can (waiting items: 20261202T220000-list-indexes;
 * closed ones: 20261203T200000-closed-items-index), or the agency's own index when the filter
 * names an agency; a filter by creator also reads the creator's calls, from an index alone. The
 * statement stays unnamed: planned for the filter's values, the agency's counts cost PostgreSQL
 * 1.7 ms of CPU, and 2.9 ms on the generic plan that a named statement settles on.
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
  const [row] = await itemsById(db, { ids: [id] });
  return row;
}
