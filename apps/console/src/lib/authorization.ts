import type { Role, StaffUserDto } from '@kura/contracts';

// Who may use which page. The API enforces the same rules (apps/api/src/services/access/policy.ts);
// the console checks first so that nobody is sent to a page that can only answer 403.

type MaybeUser = Pick<StaffUserDto, 'roles'> | null | undefined;

/** Recording metadata (list and detail): the people who review, and the auditor who checks on them. */
export const RECORDING_ROLES: readonly Role[] = ['moderator', 'lead', 'auditor'];
/** Only these roles may hold an access grant (and so see media). */
export const MEDIA_ROLES: readonly Role[] = ['moderator', 'lead'];
/** Only auditors may read or verify the audit chain. */
export const AUDIT_ROLES: readonly Role[] = ['auditor'];

export function hasAnyRole(user: MaybeUser, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

export const canSeeRecordings = (user: MaybeUser) => hasAnyRole(user, RECORDING_ROLES);
export const canViewMedia = (user: MaybeUser) => hasAnyRole(user, MEDIA_ROLES);
export const canReadAudit = (user: MaybeUser) => hasAnyRole(user, AUDIT_ROLES);
/** Retention settings and runs: admins run retention, auditors check it. */
export const RETENTION_ROLES: readonly Role[] = ['admin', 'auditor'];
export const canReadRetention = (user: MaybeUser) => hasAnyRole(user, RETENTION_ROLES);

/**
 * The first page each person lands on: one their roles let them use. Reviewers start at the
 * recordings, auditors at the audit log, and anyone else (an admin) at their own account page.
 */
export function homePath(user: MaybeUser): string {
  if (canReview(user)) return '/queue';
  if (canViewMedia(user)) return '/recordings';
  if (canReadAudit(user)) return '/audit';
  return '/account';
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

// The review queue, mirroring the API's policy (services/access/policy.ts): the API enforces
// these rules; the console only hides what the person cannot use.
const REVIEW_ROLES: readonly Role[] = ['moderator', 'lead'];

/** Moderators and leads work items, flag and decide. */
export function canReview(user: MaybeUser): boolean {
  return !!user && user.roles.some((role) => REVIEW_ROLES.includes(role));
}

/** Only leads suspend, ban, reopen, (re)assign and place or release holds. */
export function isLead(user: MaybeUser): boolean {
  return !!user && user.roles.includes('lead');
}

// Evidence packets; the API enforces the same rules (and answers 403).

/** List and open packets, and draft new ones: moderators and leads. */
export function canWorkPackets(user: MaybeUser): boolean {
  return hasAnyRole(user, ['moderator', 'lead']);
}

/** Approve (never one's own), withdraw approval, create and revoke links: leads. */
export function canLeadPackets(user: MaybeUser): boolean {
  return hasAnyRole(user, ['lead']);
}

/** A packet's chain of custody: whoever works packets, and auditors. */
export function canReadCustody(user: MaybeUser): boolean {
  return hasAnyRole(user, ['moderator', 'lead', 'auditor']);
}

/** Provision records (第三者提供記録): leads and auditors. */
export function canReadProvisionRecords(user: MaybeUser): boolean {
  return hasAnyRole(user, ['lead', 'auditor']);
}

// Users' rights; the API enforces the same rules (services/access/policy.ts).

/** What the retention job destroys soon (leads place holds from there; admins look). */
export const UPCOMING_ROLES: readonly Role[] = ['lead', 'admin'];
export const canSeeUpcomingDeletions = (user: MaybeUser) => hasAnyRole(user, UPCOMING_ROLES);
/** Disclosure requests (開示請求): list them and produce the export. */
export const DISCLOSURE_ROLES: readonly Role[] = ['lead', 'admin'];
export const canHandleDisclosures = (user: MaybeUser) => hasAnyRole(user, DISCLOSURE_ROLES);
