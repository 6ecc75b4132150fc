import type { ReviewStatus } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

export function StatusBadge({ status }: { status: ReviewStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge--status-${status}`}>{t.review.statuses[status]}</span>;
}

export function HoldBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge--hold" title={t.review.badges.holdHint}>
      {t.review.badges.hold}
    </span>
  );
}

export function MinorBadge() {
  const { t } = useI18n();
  return (
    <span className="badge badge--minor" title={t.review.badges.minorHint}>
      {t.review.badges.minor}
    </span>
  );
}

export function SampledBadge() {
  const { t } = useI18n();
  return <span className="badge badge--sampled">{t.review.badges.sampled}</span>;
}
