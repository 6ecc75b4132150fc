import { z } from 'zod';
import { Role } from '@kura/contracts';
import type { StaffUserDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { parseWith } from '../../lib/validation.ts';
import { revokeUserSessions } from '../../repositories/db/session-repo.ts';
import { findStaffByEmail, insertStaffUser, markStaffDisabled } from '../../repositories/db/staff-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Actor } from '../audit/events.ts';
import { NewPassword, hashPassword } from './passwords.ts';

const Email = z.string().trim().toLowerCase().pipe(z.email().max(320));

const NewStaffUser = z.object({
  email: Email,
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z
    .array(Role)
    .min(1, 'at least one role')
    .transform((roles) => [...new Set(roles)]),
  password: NewPassword,
});
export type NewStaffUser = z.input<typeof NewStaffUser>;

export async function addStaffUser(
  ctx: AppContext,
  input: NewStaffUser,
  actor: Actor,
  requestId: string | null = null,
): Promise<StaffUserDto> {
  const u = parseWith(NewStaffUser, input, 'staff user');
  // Hashed before the transaction: ~100 ms of CPU should not hold a connection.
  const passwordHash = await hashPassword(u.password);
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await insertStaffUser(tx, {
      email: u.email,
      displayName: u.displayName ?? u.email.split('@')[0]!,
      passwordHash,
      roles: u.roles,
      at: now,
    });
    if (!inserted) throw conflict('email_taken', `a staff user with email ${u.email} already exists`);
    await appendAudit(
      tx,
      { actor, requestId },
      {
        action: 'staff.created',
        subject: { type: 'staff_user', id: inserted.id },
        details: { email: inserted.email, roles: inserted.roles },
      },
      now,
    );
    return inserted;
  });
  return { id: row.id, email: row.email, displayName: row.display_name, roles: row.roles };
}

export interface DisabledStaffUser {
  id: string;
  email: string;
  /** False when the account was disabled already: nothing changed and nothing was audited. */
  changed: boolean;
  sessionsRevoked: number;
}

/** Disabling also ends every live session, so a removed person is out at their next request. */
export async function disableStaffUser(
  ctx: AppContext,
  email: string,
  actor: Actor,
  requestId: string | null = null,
): Promise<DisabledStaffUser> {
  const normalised = parseWith(Email, email, 'email');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const user = await findStaffByEmail(tx, normalised);
    if (!user) throw notFound('staff user');
    const changed = await markStaffDisabled(tx, user.id, now);
    const sessionsRevoked = await revokeUserSessions(tx, user.id, now);
    if (changed) {
      await appendAudit(
        tx,
        { actor, requestId },
        { action: 'staff.disabled', subject: { type: 'staff_user', id: user.id }, details: { email: user.email } },
        now,
      );
    }
    return { id: user.id, email: user.email, changed, sessionsRevoked };
  });
}
