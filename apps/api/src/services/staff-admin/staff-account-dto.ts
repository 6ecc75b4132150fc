import type { StaffAccountDto } from '@kura/contracts';
import type { StaffAccountRow } from '../../repositories/db/staff-admin-repo.ts';

export function staffAccountDto(u: StaffAccountRow): StaffAccountDto {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    roles: u.roles,
    disabledAt: u.disabled_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
    lastSeenAt: u.last_seen_at ? new Date(u.last_seen_at).toISOString() : null,
  };
}
