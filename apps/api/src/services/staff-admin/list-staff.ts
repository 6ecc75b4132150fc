import type { ListStaffResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { listStaffAccounts } from '../../repositories/db/staff-admin-repo.ts';
import { staffAccountDto } from './staff-account-dto.ts';

export async function listStaff(ctx: AppContext): Promise<ListStaffResponse> {
  return { items: (await listStaffAccounts(ctx.db)).map(staffAccountDto) };
}
