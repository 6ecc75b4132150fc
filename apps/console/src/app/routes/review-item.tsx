import { PageHeading } from '@/components/ui/page-heading';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { PurposeDialog } from '@/features/access/components/purpose-dialog';
import { useLiveGrant } from '@/features/access/hooks/use-live-grant';
import { useUser } from '@/features/auth/api/get-session';
import { getRecordingQueryOptions } from '@/features/recordings/api/get-recording';
import { useReviewItem } from '@/features/review/api/get-review-item';
import { ReviewWorkspace } from '@/features/review/components/review-workspace';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { canReview } from '@/lib/authorization';

function ReviewItem({ itemId }: { itemId: string }) {
  const { t } = useI18n();
  const user = useUser();
  const item = useReviewItem(itemId);
  const recordingId = item.data?.recording?.id ?? null;
  const recording = useQuery({ ...getRecordingQueryOptions(recordingId ?? ''), enabled: recordingId !== null });
  const liveGrant = useLiveGrant(recording.data?.activeGrant);
  const [declaring, setDeclaring] = useState(false);

  if (item.isPending) return <Spinner label={t.common.loading} />;
  if (item.isError) {
    const notFound = isApiError(item.error) && item.error.status === 404;
    return (
      <>
        <Link to="/queue" className="back-link">
          ← {t.review.item.back}
        </Link>
        <ErrorAlert
          title={notFound ? t.review.item.notFound : t.review.item.loadError}
          error={item.error}
          onRetry={notFound ? undefined : () => void item.refetch()}
        />
      </>
    );
  }

  return (
    <>
      <title>{`${t.review.item.title(item.data.call.ref)} · ${t.common.appName}`}</title>
      <ReviewWorkspace
        item={item.data}
        recording={recordingId ? recording.data : undefined}
        recordingError={recording.error}
        access={liveGrant}
        user={user}
        onDeclarePurpose={() => setDeclaring(true)}
      />
      {/* Purpose before content: the grant names this review item as its case reference. */}
      {declaring && recordingId && (
        <PurposeDialog
          recordingId={recordingId}
          reports={item.data.reports}
          initialReference={item.data.id}
          onClose={() => setDeclaring(false)}
        />
      )}
    </>
  );
}

/** One review item: the recording behind a declared purpose, flags, the decision, context. */
export function ReviewItemRoute() {
  const { t } = useI18n();
  const user = useUser();
  const { itemId = '' } = useParams();
  return (
    <div className="page page--wide">
      {canReview(user) ? (
        <ReviewItem key={itemId} itemId={itemId} />
      ) : (
        <>
          <PageHeading>{t.review.queue.title}</PageHeading>
          <p className="notice notice--warning">{t.review.queue.notAllowed}</p>
        </>
      )}
    </div>
  );
}
