import { sql } from 'kysely';
import type { DbOrTx } from '@kura/db';

// Read models for the context beside a review item: the accounts behind its call, their other
// calls with what happened on them.

export async function findItemAccounts(db: DbOrTx, reviewItemId: string) {
  return db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
    .select([
      'ri.id',
      'ri.call_id',
      'u.id as user_id',
      'u.ref as user_ref',
      'u.is_minor',
      'cr.id as creator_id',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'a.ref as agency_ref',
      'a.name as agency_name',
    ])
    .where('ri.id', '=', reviewItemId)
    .executeTakeFirst();
}

/**
 * An account's calls other than `excludeCallId`, at most `limit`: calls where something happened
 * (a report, a flag still standing, a decision) first, then newest first.
 */
export async function otherCallsOf(db: DbOrTx, account: { type: 'user' | 'creator'; id: string }, excludeCallId: string, limit: number) {
  const rows = await db
    .selectFrom('calls as c')
    .leftJoin('recordings as r', (j) => j.onRef('r.call_id', '=', 'c.id').on('r.state', '<>', 'uploading'))
    .select([
      'c.id',
      'c.ref',
      'c.started_at',
      'r.id as recording_id',
      (eb) =>
        eb
          .selectFrom('review_items as ri')
          .select('ri.id')
          .whereRef('ri.call_id', '=', 'c.id')
          .orderBy(sql`ri.status = 'open'`, 'desc')
          .orderBy('ri.opened_at', 'desc')
          .limit(1)
          .as('review_item_id'),
      (eb) =>
        eb
          .selectFrom('reports as rp')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('rp.call_id', '=', 'c.id')
          .as('report_count'),
      (eb) =>
        eb
          .selectFrom('flags as f')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('f.recording_id', '=', 'r.id')
          .where('f.retracted_at', 'is', null)
          .as('flag_count'),
    ])
    .where(account.type === 'user' ? 'c.user_id' : 'c.creator_id', '=', account.id)
    .where('c.id', '<>', excludeCallId)
    .orderBy(
      sql`exists (select 1 from reports x where x.call_id = c.id)
        or exists (select 1 from decisions x where x.call_id = c.id)
        or exists (select 1 from flags x where x.recording_id = r.id and x.retracted_at is null)`,
      'desc',
    )
    .orderBy('c.started_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, report_count: Number(r.report_count ?? 0), flag_count: Number(r.flag_count ?? 0) }));
}

/** Decisions on these calls that still stand (a reopened decision was taken back), oldest first. */
export async function standingDecisionsForCalls(db: DbOrTx, callIds: string[]) {
  if (callIds.length === 0) return [];
  return db
    .selectFrom('decisions')
    .select(['call_id', 'outcome', 'decided_at'])
    .where('call_id', 'in', callIds)
    .where('reopened_at', 'is', null)
    .orderBy('decided_at')
    .execute();
}
