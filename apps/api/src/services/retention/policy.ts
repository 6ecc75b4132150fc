// Retention timers (DESIGN.md "Retention"). The retention job that acts on them comes later;
// every recording carries its timer and the policy version that set it from the first day.

export const RETENTION_POLICY_VERSION = 'retention-v1';

const DAY_MS = 24 * 60 * 60 * 1000;
export const UNFLAGGED_RETENTION_DAYS = 30;

/**
 * 30 days from the call's end, as the policy says; but the end time is the platform's word, so the
 * timer never runs past 30 days from when the recording reached us. A wrong or hostile clock on
 * the platform can shorten a timer, never stretch it.
 */
export function unflaggedRetainUntil(callEndedAt: Date, uploadedAt: Date): Date {
  const period = UNFLAGGED_RETENTION_DAYS * DAY_MS;
  return new Date(Math.min(callEndedAt.getTime(), uploadedAt.getTime()) + period);
}
