import type { DbOrTx, Role, StaffUser } from '@kura/db';

export interface NewStaffUserRow {
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  at: Date;
}

/** Undefined when the email is taken: a duplicate is an expected outcome, not an exception. */
export async function insertStaffUser(db: DbOrTx, u: NewStaffUserRow): Promise<StaffUser | undefined> {
  return db
    .insertInto('staff_users')
    .values({
      email: u.email,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      roles: u.roles,
      created_at: u.at,
      updated_at: u.at,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findStaffByEmail(db: DbOrTx, email: string): Promise<StaffUser | undefined> {
  return db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();
}

/** False when the user was already disabled, so a repeat is not recorded as a change. */
export async function markStaffDisabled(db: DbOrTx, userId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_users')
    .set({ disabled_at: at, updated_at: at })
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setStaffRoles(db: DbOrTx, userId: string, roles: Role[], at: Date): Promise<void> {
  await db.updateTable('staff_users').set({ roles, updated_at: at }).where('id', '=', userId).execute();
}
