import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

export async function upsertAgency(tx: DbTx, ref: string, name: string): Promise<string> {
  const row = await tx
    .insertInto('agencies')
    .values({ ref, name })
    .onConflict((oc) => oc.column('ref').doUpdateSet({ name, updated_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertCreator(tx: DbTx, ref: string, name: string, agencyId: string): Promise<string> {
  const row = await tx
    .insertInto('creators')
    .values({ ref, name, agency_id: agencyId })
    .onConflict((oc) => oc.column('ref').doUpdateSet({ name, agency_id: agencyId, updated_at: sql`now()` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function upsertPlatformUser(tx: DbTx, ref: string): Promise<string> {
  const row = await tx
    .insertInto('platform_users')
    .values({ ref })
    .onConflict((oc) => oc.column('ref').doUpdateSet({ ref }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CallValues {
  ref: string;
  creatorId: string;
  userId: string;
  startedAt: Date;
  endedAt: Date;
}

/** `created` is true when the row is new: xmax = 0 only for a freshly inserted tuple. */
export async function upsertCall(tx: DbTx, v: CallValues): Promise<{ id: string; created: boolean }> {
  const row = await tx
    .insertInto('calls')
    .values({ ref: v.ref, creator_id: v.creatorId, user_id: v.userId, started_at: v.startedAt, ended_at: v.endedAt })
    .onConflict((oc) =>
      oc.column('ref').doUpdateSet({
        creator_id: v.creatorId,
        user_id: v.userId,
        started_at: v.startedAt,
        ended_at: v.endedAt,
        updated_at: sql`now()`,
      }),
    )
    .returning(['id', sql<boolean>`(xmax = 0)`.as('created')])
    .executeTakeFirstOrThrow();
  return { id: row.id, created: row.created };
}

export async function findCallByRef(db: DbOrTx, ref: string) {
  return db.selectFrom('calls').select(['id', 'ref', 'ended_at']).where('ref', '=', ref).executeTakeFirst();
}

/** Serialises recording uploads that finish at the same time for one call. */
export async function lockCall(tx: DbTx, callId: string): Promise<void> {
  await tx.selectFrom('calls').select('id').where('id', '=', callId).forUpdate().execute();
}
