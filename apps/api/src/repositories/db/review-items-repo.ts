import { sql, type SqlBool } from 'kysely';
import type { DbOrTx, DbTx, ReviewSource } from '@kura/db';

// A review item's life: opened for a call, scored, escalated, closed and reopened. The queue's
// reads are in review-queue-read.ts, locks and claims in review-claims-repo.ts.

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
