import type { Role } from '@kura/db';
import { forbidden } from '../../lib/errors.ts';
import { hasRole, type StaffPrincipal } from '../auth/principal.ts';

// Who may do what, in one place (DESIGN.md "Who uses it").

/** Recording metadata: the people who review, and the auditor who checks on them. */
export const CAN_SEE_RECORDINGS: Role[] = ['moderator', 'lead', 'auditor'];
/** Only reviewers may hold access grants and so receive media bytes; never the auditor. */
export const CAN_HOLD_GRANTS: Role[] = ['moderator', 'lead'];
export const CAN_READ_AUDIT: Role[] = ['auditor'];

export function assertCanHoldGrants(p: StaffPrincipal): void {
  if (!hasRole(p, ...CAN_HOLD_GRANTS)) throw forbidden('only moderators and leads may view media');
}

// The review workflow (issue 7). Auditors read it only through the audit log; admins not at all.

/** Work the queue: list, take, view, release, decide, open a review, bulk-close as no violation. */
export const CAN_WORK_REVIEWS: Role[] = ['moderator', 'lead'];
/** Reassign, bulk-assign, reopen, suspend and ban, and decide what was escalated to leads. */
export const CAN_LEAD_REVIEWS: Role[] = ['lead'];

export function isLead(p: StaffPrincipal): boolean {
  return hasRole(p, ...CAN_LEAD_REVIEWS);
}

export function assertLead(p: StaffPrincipal, what: string): void {
  if (!isLead(p)) throw forbidden(`only leads may ${what}`);
}

// ---- review workflow: flags, holds, context, exposure, staff admin, settings -------------------

/** Flags on recordings: the people who review; auditors see them only in the audit log. */
export const CAN_FLAG: Role[] = ['moderator', 'lead'];
/** Legal holds are a lead's call. */
export const CAN_PLACE_HOLDS: Role[] = ['lead'];
/** The accounts' history beside a review item, and staff notes on those accounts. */
export const CAN_SEE_REVIEW_CONTEXT: Role[] = ['moderator', 'lead'];
export const CAN_WRITE_ACCOUNT_NOTES: Role[] = ['moderator', 'lead'];
/** The team's exposure totals (never per person). */
export const CAN_SEE_TEAM_EXPOSURE: Role[] = ['lead'];
export const CAN_ADMINISTER_STAFF: Role[] = ['admin'];
/** Organisation-wide review settings (wellbeing defaults, break threshold). */
export const CAN_CHANGE_SETTINGS: Role[] = ['admin'];
/** Retention settings, runs and receipts: admins run retention, auditors check it. */
export const CAN_READ_RETENTION: Role[] = ['admin', 'auditor'];

// ---- evidence packets (issue 8) ----------------------------------------------------------------

/** Build packets, see them and preview their clips (the preview also needs a live grant). */
export const CAN_BUILD_PACKETS: Role[] = ['moderator', 'lead'];
/** Approve a packet for sharing (never one's own) and withdraw an approval. */
export const CAN_APPROVE_PACKETS: Role[] = ['lead'];
/** A packet's chain of custody, read from the audit chain: reviewers, and the auditor who checks on them. */
export const CAN_SEE_PACKET_CUSTODY: Role[] = ['moderator', 'lead', 'auditor'];

// ---- evidence packets: sharing (issue 8) --------------------------------------------------------

/** Make and revoke share links: leads only, and never for a packet they wrote themselves. */
export const CAN_SHARE_PACKETS: Role[] = ['lead'];
/** The 第三者提供記録: leads who share, auditors who check on them. */
export const CAN_READ_PROVISION_RECORDS: Role[] = ['lead', 'auditor'];

// ---- users' rights (issue 9) ------------------------------------------------------------------

/** What expires soon, so that a lead can place a hold in time; admins see it beside the settings. */
export const CAN_SEE_UPCOMING_DELETIONS: Role[] = ['lead', 'admin'];
/** Disclosure requests (開示請求): list them and produce the export, which marks them done. */
export const CAN_HANDLE_DISCLOSURES: Role[] = ['lead', 'admin'];
