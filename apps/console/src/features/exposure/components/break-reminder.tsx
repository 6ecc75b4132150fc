import { useState } from 'react';
import { useI18n } from '@/lib/i18n';
import { useMyExposure } from '../api/get-my-exposure';

const DISMISSED_KEY = 'kura.break-reminder-dismissed';

function readDismissedDay(): string | null {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/**
 * A calm, dismissible suggestion to take a break once today's played time passes the threshold.
 * Dismissed, it stays away for the rest of that Tokyo day in this tab; the header badge remains.
 */
export function BreakReminder() {
  const { t } = useI18n();
  const exposure = useMyExposure({ enabled: true });
  const [dismissedDay, setDismissedDay] = useState(readDismissedDay);
  const data = exposure.data;
  const show = !!data?.breakDue && dismissedDay !== data.day;

  const dismiss = () => {
    if (!data) return;
    setDismissedDay(data.day);
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, data.day);
    } catch {
      // storage may be unavailable; the dismissal still holds until the page reloads
    }
  };

  return (
    <div role="status" className="break-reminder-region">
      {show && (
        <div className="notice notice--info break-reminder">
          <p>{t.exposure.breakDue(data.breakThresholdMinutes)}</p>
          <button type="button" className="button button--secondary" onClick={dismiss}>
            {t.exposure.dismiss}
          </button>
        </div>
      )}
    </div>
  );
}
