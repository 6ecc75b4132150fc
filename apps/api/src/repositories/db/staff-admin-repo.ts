import { sql } from 'kysely';
import type { DbOrTx, DbTx, Role } from '@kura/db';

// Staff accounts as admins manage them. Password hashes never leave this file except through
// passwordHashOf, which only the password change uses.

function accounts(db: DbOrTx) {
  return db.selectFrom('staff_users as u').select([
    'u.id',
    'u.email',
    'u.display_name',
    'u.roles',
    'u.disabled_at',
    'u.created_at',
    (eb) =>
      eb
        .selectFrom('staff_sessions as s')
        .select(sql<Date | null>`max(s.last_seen_at)`.as('t'))
        .whereRef('s.user_id', '=', 'u.id')
        .as('last_seen_at'),
  ]);
}

export async function listStaffAccounts(db: DbOrTx) {
  return accounts(db).orderBy('u.email').execute();
}

export async function findStaffAccount(db: DbOrTx, id: string) {
  return accounts(db).where('u.id', '=', id).executeTakeFirst();
}

export type StaffAccountRow = Awaited<ReturnType<typeof listStaffAccounts>>[number];

/** The account, locked until the transaction ends, so two admins' edits apply one after the other. */
export async function lockStaffUser(tx: DbTx, id: string) {
  return tx
    .selectFrom('staff_users')
    .select(['id', 'email', 'display_name', 'roles', 'disabled_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateStaffUser(
  tx: DbTx,
  id: string,
  patch: { displayName?: string; roles?: Role[]; disabledAt?: Date | null },
  at: Date,
): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
      ...(patch.disabledAt !== undefined ? { disabled_at: patch.disabledAt } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function passwordHashOf(db: DbOrTx, id: string): Promise<{ email: string; passwordHash: string } | undefined> {
  const row = await db.selectFrom('staff_users').select(['email', 'password_hash']).where('id', '=', id).executeTakeFirst();
  return row && { email: row.email, passwordHash: row.password_hash };
}

export async function setPasswordHash(tx: DbTx, id: string, passwordHash: string, at: Date): Promise<void> {
  await tx.updateTable('staff_users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
}
