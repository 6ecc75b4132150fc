import { sql } from 'kysely';
import type { DbOrTx, DbTx, DecisionOutcome } from '@kura/db';

// Decisions on review items and the feed the call platform polls.

// Any constant works; it only has to be the same for every writer of the feed.
const FEED_LOCK_KEY = 0x6b666564; // "kfed"

export interface NewDecision {
  reviewItemId: string;
  callId: string;
  outcome: DecisionOutcome;
  suspendDays: number | null;
  rationale: string;
  flagIds: string[];
  policyVersion: string;
  policyClauses: string[];
  decidedBy: string;
  decidedAt: Date;
}

export async function insertDecision(tx: DbTx, d: NewDecision): Promise<string> {
  const row = await tx
    .insertInto('decisions')
    .values({
      review_item_id: d.reviewItemId,
      call_id: d.callId,
      outcome: d.outcome,
      suspend_days: d.suspendDays,
      rationale: d.rationale,
      flag_ids: d.flagIds,
      policy_version: d.policyVersion,
      policy_clauses: d.policyClauses,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function decisionRows(db: DbOrTx) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('staff_users as by', 'by.id', 'd.decided_by')
    .leftJoin('staff_users as rb', 'rb.id', 'd.reopened_by')
    .select([
      'd.id',
      'd.review_item_id',
      'd.outcome',
      'd.suspend_days',
      'd.rationale',
      'd.flag_ids',
      'd.policy_version',
      'd.policy_clauses',
      'd.decided_by',
      'by.display_name as decided_by_name',
      'd.decided_at',
      'd.reopened_at',
      'd.reopened_by',
      'rb.display_name as reopened_by_name',
      'd.reopen_reason',
    ]);
}

/** Oldest first; reopened decisions stay. */
export async function decisionsForItem(db: DbOrTx, reviewItemId: string) {
  return decisionRows(db).where('d.review_item_id', '=', reviewItemId).orderBy('d.decided_at', 'asc').orderBy('d.id').execute();
}

export async function findDecision(db: DbOrTx, id: string) {
  return decisionRows(db).where('d.id', '=', id).executeTakeFirst();
}

export type DecisionRow = NonNullable<Awaited<ReturnType<typeof findDecision>>>;

/** The decision that closed the item and still stands (not reopened), if any. */
export async function standingClosingDecision(tx: DbTx, reviewItemId: string) {
  return tx
    .selectFrom('decisions')
    .select(['id', 'outcome'])
    .where('review_item_id', '=', reviewItemId)
    .where('outcome', '<>', 'escalate')
    .where('reopened_at', 'is', null)
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The most recent reopened decision of the item that no later feed row replaces yet. */
export async function reopenedNotSuperseded(tx: DbTx, reviewItemId: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom('decisions as d')
    .select('d.id')
    .where('d.review_item_id', '=', reviewItemId)
    .where('d.reopened_at', 'is not', null)
    .where('d.outcome', '<>', 'escalate')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('decision_feed as f').select('f.seq').whereRef('f.supersedes', '=', 'd.id'))),
    )
    .orderBy('d.reopened_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function markReopened(tx: DbTx, id: string, by: string, at: Date, reason: string): Promise<void> {
  await tx.updateTable('decisions').set({ reopened_at: at, reopened_by: by, reopen_reason: reason }).where('id', '=', id).execute();
}

/**
 * Appends to the platform's feed. The advisory lock is held until commit, so seq = max + 1 is
 * handed out in commit order: a poller that has seen seq n never later finds a new row below n.
 * Callers take this before appending to the audit chain (one lock order everywhere).
 */
export async function appendToFeed(tx: DbTx, decisionId: string, at: Date, supersedes: string | null): Promise<number> {
  await sql`select pg_advisory_xact_lock(${FEED_LOCK_KEY})`.execute(tx);
  const row = await tx
    .insertInto('decision_feed')
    .columns(['seq', 'decision_id', 'recorded_at', 'supersedes'])
    .expression((eb) =>
      eb
        .selectFrom('decision_feed')
        .select([
          sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
          sql<string>`${decisionId}::uuid`.as('decision_id'),
          sql<Date>`${at}::timestamptz`.as('recorded_at'),
          sql<string | null>`${supersedes}::uuid`.as('supersedes'),
        ]),
    )
    .returning('seq')
    .executeTakeFirstOrThrow();
  return row.seq;
}

/** Feed rows after `since`, in seq order, with the platform's own references only. */
export async function feedAfter(db: DbOrTx, since: number, limit: number) {
  return db
    .selectFrom('decision_feed as f')
    .innerJoin('decisions as d', 'd.id', 'f.decision_id')
    .innerJoin('calls as c', 'c.id', 'd.call_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .select([
      'f.seq',
      'd.id',
      'c.ref as call_ref',
      'u.ref as user_ref',
      'cr.ref as creator_ref',
      'd.outcome',
      'd.suspend_days',
      'd.decided_at',
      'f.supersedes',
    ])
    .where('f.seq', '>', since)
    .orderBy('f.seq', 'asc')
    .limit(limit)
    .execute();
}

export async function callHasDecisions(db: DbOrTx, callId: string): Promise<boolean> {
  const row = await db.selectFrom('decisions').select('id').where('call_id', '=', callId).limit(1).executeTakeFirst();
  return !!row;
}
