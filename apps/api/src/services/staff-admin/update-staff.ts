import type { StaffAccountDto, UpdateStaffBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { revokeUserSessions } from '../../repositories/db/session-repo.ts';
import { findStaffAccount, lockStaffUser, updateStaffUser } from '../../repositories/db/staff-admin-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { ReviewAuditEvent } from '../audit/review-events.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { staffAccountDto } from './staff-account-dto.ts';

type StaffChanges = Extract<ReviewAuditEvent, { action: 'staff.updated' }>['details'];

const sameRoles = (a: string[], b: string[]) => a.length === b.length && a.every((r) => b.includes(r));

/**
 * Renames, re-roles, disables or enables a staff account in one transaction, each change audited.
 * Disabling ends every session at once. An admin may not lock themselves out: dropping their own
 * admin role or disabling themselves is refused, so there is always an admin left to undo things.
 */
export async function updateStaff(
  ctx: AppContext,
  admin: StaffPrincipal,
  id: string,
  body: UpdateStaffBody,
  requestId: string,
): Promise<StaffAccountDto> {
  const self = id === admin.userId;
  if (self && body.disabled === true) throw conflict('cannot_disable_self', 'you cannot disable your own account');
  if (self && body.roles && !body.roles.includes('admin')) {
    throw conflict('cannot_remove_own_admin', 'you cannot remove your own admin role');
  }
  const now = ctx.now();
  const audit = { actor: { type: 'staff' as const, id: admin.userId }, requestId };
  await ctx.db.transaction().execute(async (tx) => {
    const user = await lockStaffUser(tx, id);
    if (!user) throw notFound('staff user');
    const roles = body.roles ? [...new Set(body.roles)] : undefined;
    const changes: StaffChanges = {};
    if (roles && !sameRoles(roles, user.roles)) changes.roles = { from: user.roles, to: roles };
    if (body.displayName !== undefined && body.displayName !== user.display_name) {
      changes.displayName = { from: user.display_name, to: body.displayName };
    }
    const disabling = body.disabled === true && user.disabled_at === null;
    const enabling = body.disabled === false && user.disabled_at !== null;
    if (!changes.roles && !changes.displayName && !disabling && !enabling) return;

    await updateStaffUser(
      tx,
      id,
      {
        roles: changes.roles ? roles : undefined,
        displayName: changes.displayName?.to,
        ...(disabling ? { disabledAt: now } : enabling ? { disabledAt: null } : {}),
      },
      now,
    );
    if (changes.roles || changes.displayName) {
      await appendAudit(tx, audit, { action: 'staff.updated', subject: { type: 'staff_user', id }, details: changes }, now);
    }
    if (disabling) {
      await revokeUserSessions(tx, id, now);
      await appendAudit(tx, audit, { action: 'staff.disabled', subject: { type: 'staff_user', id }, details: { email: user.email } }, now);
    }
    if (enabling) {
      await appendAudit(tx, audit, { action: 'staff.enabled', subject: { type: 'staff_user', id }, details: { email: user.email } }, now);
    }
  });
  return staffAccountDto((await findStaffAccount(ctx.db, id))!);
}
