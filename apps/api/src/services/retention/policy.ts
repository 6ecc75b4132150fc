// Retention timers (DESIGN.md "Retention"). The retention job that acts on them comes later;
// every recording carries its timer and the policy version that set it from the first day.

export const RETENTION_POLICY_VERSION = 'retention-v1';

const DAY_MS = 24 * 60 * 60 * 1000;
export const UNFLAGGED_RETENTION_DAYS = 30;

export function unflaggedRetainUntil(callEndedAt: Date): Date {
  return new Date(callEndedAt.getTime() + UNFLAGGED_RETENTION_DAYS * DAY_MS);
}
