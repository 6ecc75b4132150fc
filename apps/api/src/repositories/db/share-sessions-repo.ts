import type { DbOrTx, DbTx } from '@kura/db';

// An agency's playback credentials: minutes long, only their SHA-256 kept, always of one link.

export async function insertShareSession(
  tx: DbTx,
  s: { linkId: string; tokenHash: string; createdAt: Date; expiresAt: Date; ip: string },
): Promise<string> {
  const row = await tx
    .insertInto('share_sessions')
    .values({ link_id: s.linkId, token_hash: s.tokenHash, created_at: s.createdAt, expires_at: s.expiresAt, ip: s.ip })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session with this credential, if it belongs to this link and is live at `now`. */
export async function findLiveShareSession(db: DbOrTx, linkId: string, tokenHash: string, now: Date) {
  return db
    .selectFrom('share_sessions')
    .select(['id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('link_id', '=', linkId)
    .where('created_at', '<=', now)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Ends sessions at `at`: one when it is renewed, all of a link when the link is revoked. */
export async function endShareSessions(tx: DbTx, where: { sessionId: string } | { linkId: string }, at: Date): Promise<void> {
  let q = tx.updateTable('share_sessions').set({ expires_at: at }).where('expires_at', '>', at);
  q = 'sessionId' in where ? q.where('id', '=', where.sessionId) : q.where('link_id', '=', where.linkId);
  await q.execute();
}
