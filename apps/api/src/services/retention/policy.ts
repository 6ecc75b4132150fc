import { DEFAULT_RETENTION_SETTINGS, type RetentionReason, type RetentionSettingsDto } from '@kura/contracts';

// Retention timers (DESIGN.md "Retention"). Pure: the facts come from the database, the periods
// from the settings; recompute.ts joins them and the retention job acts on the result.

export const RETENTION_POLICY_VERSION = 'retention-v1';

const DAY_MS = 24 * 60 * 60 * 1000;
export const UNFLAGGED_RETENTION_DAYS = DEFAULT_RETENTION_SETTINGS.unflaggedDays;

export type RetentionPeriods = Pick<RetentionSettingsDto, 'unflaggedDays' | 'flaggedDays' | 'withdrawnDays'>;

/**
 * The unflagged period from the call's end; but the end time is the platform's word, so the timer
 * never runs past the period from when the recording reached us. A wrong or hostile clock on the
 * platform can shorten a timer, never stretch it.
 */
export function unflaggedRetainUntil(callEndedAt: Date, uploadedAt: Date, days: number = UNFLAGGED_RETENTION_DAYS): Date {
  return addDays(new Date(Math.min(callEndedAt.getTime(), uploadedAt.getTime())), days);
}

/** What decides one recording's timer. */
export interface RetentionFacts {
  callEndedAt: Date;
  uploadedAt: Date;
  /** The latest live (not retracted) flag or any decision on the call; null if none. */
  lastFlagOrDecisionAt: Date | null;
  /** An unreleased legal hold. */
  held: boolean;
  /** Part of any evidence packet, whatever its state. */
  inPacket: boolean;
  /** When the user withdrew (退会); null if they have not. */
  withdrawnAt: Date | null;
  /** When the platform passed on the user's still-pending deletion request; null if none. */
  deletionRequestedAt: Date | null;
}

export interface RetentionTimer {
  retainUntil: Date;
  reason: RetentionReason;
}

/**
 * Flagged or decided recordings keep the longer of the two periods. A withdrawal only shortens the
 * timer of a recording nobody has acted on (no flag, decision, hold or packet), and never stretches
 * it. A pending deletion request makes the recording due from when it arrived: whether it may
 * really go (holds, open reviews, live packets) is the job's call, and a refusal ends the request.
 */
export function retentionTimer(f: RetentionFacts, p: RetentionPeriods): RetentionTimer {
  let timer: RetentionTimer = { retainUntil: unflaggedRetainUntil(f.callEndedAt, f.uploadedAt, p.unflaggedDays), reason: 'unflagged' };
  if (f.lastFlagOrDecisionAt) {
    const flagged = addDays(f.lastFlagOrDecisionAt, p.flaggedDays);
    if (flagged >= timer.retainUntil) timer = { retainUntil: flagged, reason: 'flagged' };
  } else if (f.withdrawnAt && !f.held && !f.inPacket) {
    const withdrawn = addDays(f.withdrawnAt, p.withdrawnDays);
    if (withdrawn < timer.retainUntil) timer = { retainUntil: withdrawn, reason: 'withdrawn' };
  }
  if (f.deletionRequestedAt && f.deletionRequestedAt < timer.retainUntil) {
    timer = { retainUntil: f.deletionRequestedAt, reason: 'deletion_request' };
  }
  return timer;
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
