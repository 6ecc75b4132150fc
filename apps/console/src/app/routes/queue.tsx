import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { useAgencies } from '@/features/recordings/api/get-agencies';
import { ReviewQueue } from '@/features/review/components/review-queue';
import { useI18n } from '@/lib/i18n';
import { canReview } from '@/lib/authorization';

/** The review queue, for moderators and leads; anyone else gets a plain refusal and no API call. */
export function QueueRoute() {
  const { t } = useI18n();
  const user = useUser();
  const allowed = canReview(user);
  const agencies = useAgencies();
  return (
    <div className="page page--wide">
      <title>{`${t.review.queue.title} · ${t.common.appName}`}</title>
      {allowed ? (
        <ReviewQueue user={user} agencies={agencies.data?.items} />
      ) : (
        <>
          <PageHeading>{t.review.queue.title}</PageHeading>
          <p className="notice notice--warning">{t.review.queue.notAllowed}</p>
        </>
      )}
    </div>
  );
}
