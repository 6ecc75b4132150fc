import type { Messages } from '@/lib/i18n';

/** Played time as whole minutes ("83分"), with "under a minute" rather than a misleading 0. */
export function formatPlayedMinutes(ms: number, t: Messages): string {
  if (ms > 0 && ms < 60_000) return t.exposure.underAMinute;
  return t.exposure.minutes(Math.floor(Math.max(0, ms) / 60_000));
}
