import { sql } from 'kysely';
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

/**
 * What makes a grant live at `now` (DESIGN.md rule 1): not revoked, begun, not yet expired. Named
 * once for every query that checks a grant: `access_grants` must be aliased `g`.
 */
export const grantIsLive = (now: Date) => sql<boolean>`g.revoked_at is null and g.created_at <= ${now} and g.expires_at > ${now}`;

/** The caller's newest grant for the recording that is still live at `now`. */
export async function findLiveGrant(db: DbOrTx, staffUserId: string, recordingId: string, now: Date) {
  return db
    .selectFrom('access_grants as g')
    .selectAll('g')
    .where('g.staff_user_id', '=', staffUserId)
    .where('g.recording_id', '=', recordingId)
    .where(grantIsLive(now))
    .orderBy('g.expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type GrantRow = NonNullable<Awaited<ReturnType<typeof findLiveGrant>>>;
