import { sql, type SqlBool } from 'kysely';
import type { DbOrTx, DbTx, ReviewQueue } from '@kura/db';

// Locking review items, claiming them, and the staff who may be given one. A claim is an assignee
// with an expiry; whether it is live compares the expiry with `now` from the caller (the app's
// clock), never the database's.

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
