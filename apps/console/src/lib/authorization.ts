import type { Role, StaffUserDto } from '@kura/contracts';

// Only these roles may hold an access grant (and so see media); the API enforces the same rule.
const MEDIA_ROLES: readonly Role[] = ['moderator', 'lead'];

export function canViewMedia(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return !!user && user.roles.some((role) => MEDIA_ROLES.includes(role));
}

// Only auditors may read or verify the audit chain; the API answers 403 to anyone else.
const AUDIT_ROLES: readonly Role[] = ['auditor'];

export function canReadAudit(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return !!user && user.roles.some((role) => AUDIT_ROLES.includes(role));
}

// Staff accounts and the organisation's review settings belong to admins alone.
const ADMIN_ROLES: readonly Role[] = ['admin'];

export function canAdministerStaff(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return !!user && user.roles.some((role) => ADMIN_ROLES.includes(role));
}

// Exposure is counted for the people who watch media; only leads see the team's totals.
export function canSeeOwnExposure(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return canViewMedia(user);
}

export function canSeeTeamExposure(user: Pick<StaffUserDto, 'roles'> | null | undefined): boolean {
  return !!user && user.roles.includes('lead');
}
