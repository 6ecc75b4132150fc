import type { AssignableStaffResponse, Role } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { assignableStaff } from '../../repositories/db/review-claims-repo.ts';
import { assertLead } from '../access/policy.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

/** Whom a lead can give items to. Names and roles only, so not an audited read. */
export async function listAssignableStaff(ctx: AppContext, staff: StaffPrincipal): Promise<AssignableStaffResponse> {
  assertLead(staff, 'assign review items');
  const rows = await assignableStaff(ctx.db);
  return { items: rows.map((r) => ({ id: r.id, displayName: r.display_name, roles: r.roles as Role[] })) };
}
