import type { Role, StaffUserDto } from '@kura/contracts';

// Who may work the review queue, mirroring the API's policy (services/access/policy.ts): the API
// enforces these rules; the console only hides what the person cannot use.
const REVIEW_ROLES: readonly Role[] = ['moderator', 'lead'];

type User = Pick<StaffUserDto, 'roles'> | null | undefined;

/** Moderators and leads work items, flag and decide. */
export function canReview(user: User): boolean {
  return !!user && user.roles.some((role) => REVIEW_ROLES.includes(role));
}

/** Only leads suspend, ban, reopen, (re)assign and place or release holds. */
export function isLead(user: User): boolean {
  return !!user && user.roles.includes('lead');
}
