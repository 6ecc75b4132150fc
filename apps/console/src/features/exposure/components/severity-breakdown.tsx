import type { ExposureSeverity } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';
import { formatPlayedMinutes } from './format-minutes';

// Worst first: what a reader should notice comes at the top.
const ORDER: readonly ExposureSeverity[] = ['critical', 'high', 'medium', 'low', 'none'];

/** Played minutes per severity of what was flagged on the played recordings. */
export function SeverityBreakdown({ bySeverity, label }: { bySeverity: Record<ExposureSeverity, number>; label: string }) {
  const { t } = useI18n();
  return (
    <dl className="severity-breakdown" aria-label={label}>
      {ORDER.map((severity) => (
        <div key={severity} className="severity-breakdown__row">
          <dt>
            <span className={`severity-dot severity-dot--${severity}`} aria-hidden="true" />
            {t.exposure.severity[severity]}
          </dt>
          <dd>{formatPlayedMinutes(bySeverity[severity] ?? 0, t)}</dd>
        </div>
      ))}
    </dl>
  );
}
