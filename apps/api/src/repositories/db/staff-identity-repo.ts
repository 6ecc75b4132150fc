import { sql } from 'kysely';
import type { DbOrTx, DbTx, StaffUser } from '@kura/db';

const IDENTITY_LOCK_SPACE = 0x6b75_0020;

/** Serialises first sign-ins of one person, so two tabs cannot both create their account. */
export async function lockIdentity(tx: DbTx, issuer: string, subject: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IDENTITY_LOCK_SPACE}, hashtext(${`${issuer} ${subject}`}))`.execute(tx);
}

export async function findStaffByIdentity(db: DbOrTx, issuer: string, subject: string): Promise<StaffUser | undefined> {
  return db
    .selectFrom('staff_identities as i')
    .innerJoin('staff_users as u', 'u.id', 'i.user_id')
    .selectAll('u')
    .where('i.issuer', '=', issuer)
    .where('i.subject', '=', subject)
    .executeTakeFirst();
}

export async function insertIdentity(db: DbOrTx, row: { issuer: string; subject: string; userId: string; at: Date }): Promise<void> {
  await db
    .insertInto('staff_identities')
    .values({ issuer: row.issuer, subject: row.subject, user_id: row.userId, created_at: row.at, last_login_at: row.at })
    .execute();
}

export async function touchIdentity(db: DbOrTx, issuer: string, subject: string, at: Date): Promise<void> {
  await db.updateTable('staff_identities').set({ last_login_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
}
