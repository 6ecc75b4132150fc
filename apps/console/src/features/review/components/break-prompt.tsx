import { useState } from 'react';
import { useI18n } from '@/lib/i18n';
import { useMyExposure } from '../api/me';

/** After a break was put off, ask again once this much more has been watched. */
const SNOOZE_MS = 30 * 60_000;
const STORAGE_KEY = 'kura.review.breakSnoozedAt';

function readSnooze(day: string): number | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as { day?: unknown; totalMs?: unknown }) : null;
    return parsed && parsed.day === day && typeof parsed.totalMs === 'number' ? parsed.totalMs : null;
  } catch {
    return null;
  }
}

/**
 * A calm suggestion to take a break once today's played minutes pass the threshold. It does not
 * take focus or stop the media; "later" puts it off for another half hour of watching.
 */
export function BreakPrompt() {
  const { t } = useI18n();
  const e = t.review.exposure;
  const exposure = useMyExposure({ enabled: true });
  const [, rerender] = useState(0);
  const data = exposure.data;
  if (!data?.breakDue) return null;
  const snoozedAt = readSnooze(data.day);
  if (snoozedAt !== null && data.totalMs < snoozedAt + SNOOZE_MS) return null;

  const snooze = () => {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ day: data.day, totalMs: data.totalMs }));
    } catch {
      // without storage the prompt simply comes back on the next page
    }
    rerender((n) => n + 1);
  };

  return (
    <section role="status" aria-labelledby="break-title" className="break-prompt">
      <div>
        <h2 id="break-title" className="break-prompt__title">
          {e.breakTitle}
        </h2>
        <p>{e.breakBody(Math.floor(data.totalMs / 60_000), data.breakThresholdMinutes)}</p>
      </div>
      <button type="button" className="button button--secondary button--small" onClick={snooze}>
        {e.dismiss}
      </button>
    </section>
  );
}
