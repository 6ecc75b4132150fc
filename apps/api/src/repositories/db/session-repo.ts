import { sql } from 'kysely';
import type { DbOrTx, Role } from '@kura/db';
import { preparedQuery } from './prepared-query.ts';

export interface NewSessionRow {
  tokenHash: string;
  userId: string;
  at: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: DbOrTx, s: NewSessionRow): Promise<{ id: string }> {
  return db
    .insertInto('staff_sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      created_at: s.at,
      last_seen_at: s.at,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface SessionWithUser {
  sessionId: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: string;
  email: string;
  displayName: string;
  roles: Role[];
  disabledAt: Date | null;
}

/** A session (`s`) and its user (`u`): what says whether it is live and whose it is. */
export const SESSION_WITH_USER = [
  's.id as sessionId',
  's.last_seen_at as lastSeenAt',
  's.expires_at as expiresAt',
  's.revoked_at as revokedAt',
  'u.id as userId',
  'u.email as email',
  'u.display_name as displayName',
  'u.roles as roles',
  'u.disabled_at as disabledAt',
] as const;

// Prepared (prepared-query.ts): every staff request runs it, and building it anew cost about as
// much CPU as sending it and reading its row.
const sessionQuery = preparedQuery((db, p: { tokenHash: string }) =>
  db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.user_id')
    .select(SESSION_WITH_USER)
    .where('s.token_hash', '=', p.tokenHash),
);

export async function findSessionByTokenHash(db: DbOrTx, tokenHash: string): Promise<SessionWithUser | undefined> {
  const [row] = await sessionQuery(db, { tokenHash });
  return row;
}

/** Never moves last_seen_at backwards when two requests of one session race. */
export async function touchSession(db: DbOrTx, sessionId: string, at: Date): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: sql<Date>`greatest(last_seen_at, ${at})` })
    .where('id', '=', sessionId)
    .execute();
}

/** False when the session had already ended. */
export async function revokeSession(db: DbOrTx, sessionId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_sessions')
    .set({ revoked_at: at })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Returns how many live sessions were ended. */
export async function revokeUserSessions(db: DbOrTx, userId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('staff_sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The person's sessions still alive at `now` (not revoked, not past either expiry), most recently used first. */
export async function liveSessionsOf(db: DbOrTx, userId: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('staff_sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findSessionById(db: DbOrTx, sessionId: string) {
  return db.selectFrom('staff_sessions').select(['id', 'user_id', 'revoked_at']).where('id', '=', sessionId).executeTakeFirst();
}

/** Ends every live session of the person except `keepSessionId`; returns how many ended. */
export async function revokeOtherSessions(db: DbOrTx, userId: string, keepSessionId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('staff_sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('id', '<>', keepSessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
