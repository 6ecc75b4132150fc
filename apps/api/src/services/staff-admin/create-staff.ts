import type { CreateStaffBody, StaffAccountDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { findStaffAccount } from '../../repositories/db/staff-admin-repo.ts';
import { addStaffUser } from '../auth/staff-users.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { staffAccountDto } from './staff-account-dto.ts';

/** The same path as `pnpm kura users add` (staff.created audited with it), acted by the admin. */
export async function createStaff(
  ctx: AppContext,
  admin: StaffPrincipal,
  body: CreateStaffBody,
  requestId: string,
): Promise<StaffAccountDto> {
  const created = await addStaffUser(ctx, body, { type: 'staff', id: admin.userId }, requestId);
  return staffAccountDto((await findStaffAccount(ctx.db, created.id))!);
}
