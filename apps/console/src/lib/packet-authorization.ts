import type { Role, StaffUserDto } from '@kura/contracts';

// Who may do what with evidence packets; the API enforces the same rules (and answers 403).
type User = Pick<StaffUserDto, 'roles'> | null | undefined;
const has = (user: User, allowed: readonly Role[]) => !!user && user.roles.some((role) => allowed.includes(role));

/** List and open packets, and draft new ones: moderators and leads. */
export function canWorkPackets(user: User): boolean {
  return has(user, ['moderator', 'lead']);
}

/** Approve (never one's own), withdraw approval, create and revoke links: leads. */
export function canLeadPackets(user: User): boolean {
  return has(user, ['lead']);
}

/** A packet's chain of custody: whoever works packets, and auditors. */
export function canReadCustody(user: User): boolean {
  return has(user, ['moderator', 'lead', 'auditor']);
}

/** Provision records (第三者提供記録): leads and auditors. */
export function canReadProvisionRecords(user: User): boolean {
  return has(user, ['lead', 'auditor']);
}
