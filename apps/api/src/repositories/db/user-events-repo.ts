import { sql } from 'kysely';
import type { DbOrTx, DbTx, UserEventType } from '@kura/db';

// The call platform's user events (withdrawal, deletion and disclosure requests, minor status)
// and the platform-user columns they change.

export async function findPlatformUserByRef(db: DbOrTx, ref: string) {
  return db.selectFrom('platform_users').select(['id', 'ref', 'is_minor', 'withdrawn_at']).where('ref', '=', ref).executeTakeFirst();
}

/** Locks the user's row, so events about one user apply one after another. */
export async function lockPlatformUser(tx: DbTx, id: string): Promise<void> {
  await tx.selectFrom('platform_users').select('id').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export async function findUserEvent(db: DbOrTx, id: string) {
  return db
    .selectFrom('user_events as e')
    .innerJoin('platform_users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.user_id',
      'u.ref as user_ref',
      'e.type',
      'e.at',
      'e.request_ref',
      'e.received_at',
      'e.status',
      'e.status_reason',
      'e.resolved_at',
    ])
    .where('e.id', '=', id)
    .executeTakeFirst();
}
export type UserEventRow = NonNullable<Awaited<ReturnType<typeof findUserEvent>>>;

export async function findUserEventByRequestRef(db: DbOrTx, type: UserEventType, requestRef: string) {
  const row = await db
    .selectFrom('user_events')
    .select('id')
    .where('type', '=', type)
    .where('request_ref', '=', requestRef)
    .executeTakeFirst();
  return row ? findUserEvent(db, row.id) : undefined;
}

/** Inserts the event; undefined when another event already holds (type, requestRef). */
export async function insertUserEvent(
  tx: DbTx,
  e: { userId: string; type: UserEventType; at: Date; requestRef: string | null; receivedAt: Date; status: 'pending' | 'done' },
): Promise<string | undefined> {
  const row = await tx
    .insertInto('user_events')
    .values({
      user_id: e.userId,
      type: e.type,
      at: e.at,
      request_ref: e.requestRef,
      received_at: e.receivedAt,
      status: e.status,
      resolved_at: e.status === 'done' ? e.receivedAt : null,
    })
    .onConflict((oc) => oc.columns(['type', 'request_ref']).where('request_ref', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The earliest withdrawal counts: a repeated or late event never moves the timer later. */
export async function setWithdrawnAt(tx: DbTx, userId: string, at: Date): Promise<void> {
  await tx
    .updateTable('platform_users')
    .set({ withdrawn_at: sql<Date>`least(coalesce(withdrawn_at, ${at}), ${at})` })
    .where('id', '=', userId)
    .execute();
}

export async function setMinor(tx: DbTx, userId: string, minor: boolean): Promise<void> {
  await tx.updateTable('platform_users').set({ is_minor: minor }).where('id', '=', userId).execute();
}

export async function recordingIdsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select('r.id')
    .where('c.user_id', '=', userId)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Calls of the user with an open review item (their items' priority depends on the minor flag). */
export async function callsWithOpenItemsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .select('c.id')
    .where('c.user_id', '=', userId)
    .where('ri.status', '=', 'open')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Packets about the user not yet shared: a lead must now confirm the minor to approve them. */
export async function markUnsharedPacketsMinor(tx: DbTx, userId: string) {
  return tx
    .updateTable('packets')
    .set({ involves_minor: true })
    .where('user_id', '=', userId)
    .where('status', 'in', ['cutting', 'ready', 'failed', 'approved'])
    .where('involves_minor', '=', false)
    .returning(['id', 'status', 'minor_confirmed'])
    .execute();
}
