import { elapsedSince, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

/** "2時間 5分" since `since`, by the caller's ticking clock; the exact time in the tooltip. */
export function Age({ since, now }: { since: string; now: number }) {
  const { t } = useI18n();
  return (
    <time dateTime={since} title={formatDateTime(since, { seconds: true })} className="age">
      {t.review.age(elapsedSince(since, now))}
    </time>
  );
}
