import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { useUser } from '@/features/auth/api/get-session';
import { useRecordings } from '@/features/recordings/api/get-recordings';
import { RecordingsFilters } from '@/features/recordings/components/recordings-filters';
import { RecordingsPagination } from '@/features/recordings/components/recordings-pagination';
import { RecordingsTable } from '@/features/recordings/components/recordings-table';
import { useRecordingFilters } from '@/features/recordings/hooks/use-recording-filters';
import { isApiError } from '@/lib/api-client';
import { canSeeRecordings, homePath, RECORDING_ROLES } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function RecordingsList() {
  const { t } = useI18n();
  const { filters, invertedRange, setFilter, setCursor, clear } = useRecordingFilters();
  const recordings = useRecordings(filters, { enabled: !invertedRange });
  const nextCursor = recordings.data?.nextCursor ?? null;
  const errorCode = isApiError(recordings.error) ? recordings.error.code : null;
  const badCursor = errorCode === 'bad_cursor';

  let results;
  if (invertedRange) {
    results = <p className="empty-state">{t.list.rangeBlocked}</p>;
  } else if (recordings.isError) {
    results = (
      <ErrorAlert
        title={badCursor ? t.list.badCursor : errorCode === 'bad_date_range' ? t.list.rangeInverted : t.list.loadError}
        error={recordings.error}
        forbidden={{ what: t.access.what.recordings, roles: RECORDING_ROLES }}
        action={badCursor ? { label: t.list.resetCursor, onClick: () => setCursor(null) } : undefined}
        onRetry={() => void recordings.refetch()}
      />
    );
  } else {
    results = (
      <>
        {recordings.isPending && (
          <p role="status" className="sr-only">
            {t.common.loading}
          </p>
        )}
        <RecordingsTable items={recordings.data?.items} loading={recordings.isPending} updating={recordings.isPlaceholderData} />
        <RecordingsPagination
          onFirstPage={filters.cursor ? () => setCursor(null) : null}
          onNextPage={nextCursor && !recordings.isPlaceholderData ? () => setCursor(nextCursor) : null}
        />
      </>
    );
  }

  return (
    <>
      <RecordingsFilters filters={filters} invertedRange={invertedRange} onChange={setFilter} onClear={clear} />
      {results}
    </>
  );
}

export function RecordingsRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page">
      <title>{`${t.list.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.list.title}</PageHeading>
      {canSeeRecordings(user) ? (
        <RecordingsList />
      ) : (
        <RoleRequired what={t.access.what.recordings} roles={RECORDING_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
      )}
    </div>
  );
}
