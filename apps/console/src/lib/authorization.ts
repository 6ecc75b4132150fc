import type { Role, StaffUserDto } from '@kura/contracts';

// Only these roles may hold an access grant (and so see media); the API enforces the same rule.
const MEDIA_ROLES: readonly Role[] = ['moderator', 'lead'];

export function canViewMedia(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return !!user && user.roles.some((role) => MEDIA_ROLES.includes(role));
}
