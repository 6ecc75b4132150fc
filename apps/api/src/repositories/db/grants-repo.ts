import type { DbOrTx, Purpose } from '@kura/db';

export async function insertGrant(
  db: DbOrTx,
  g: { staffUserId: string; recordingId: string; purpose: Purpose; reference: string; createdAt: Date; expiresAt: Date },
) {
  return db
    .insertInto('access_grants')
    .values({
      staff_user_id: g.staffUserId,
      recording_id: g.recordingId,
      purpose: g.purpose,
      reference: g.reference,
      created_at: g.createdAt,
      expires_at: g.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The caller's newest grant for the recording that is still live at `now`. */
export async function findLiveGrant(db: DbOrTx, staffUserId: string, recordingId: string, now: Date) {
  return db
    .selectFrom('access_grants')
    .selectAll()
    .where('staff_user_id', '=', staffUserId)
    .where('recording_id', '=', recordingId)
    .where('revoked_at', 'is', null)
    .where('created_at', '<=', now)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type GrantRow = NonNullable<Awaited<ReturnType<typeof findLiveGrant>>>;
