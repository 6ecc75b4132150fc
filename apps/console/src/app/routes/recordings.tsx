import { ErrorAlert } from '@/components/ui/error-alert';
import { useRecordings } from '@/features/recordings/api/get-recordings';
import { RecordingsFilters } from '@/features/recordings/components/recordings-filters';
import { RecordingsPagination } from '@/features/recordings/components/recordings-pagination';
import { RecordingsTable } from '@/features/recordings/components/recordings-table';
import { useRecordingFilters } from '@/features/recordings/hooks/use-recording-filters';
import { useI18n } from '@/lib/i18n';

export function RecordingsRoute() {
  const { t } = useI18n();
  const { filters, setFilter, setCursor, clear } = useRecordingFilters();
  const recordings = useRecordings(filters);
  const nextCursor = recordings.data?.nextCursor ?? null;

  return (
    <div className="page">
      <title>{`${t.list.title} · ${t.common.appName}`}</title>
      <h1 className="page__title">{t.list.title}</h1>
      <RecordingsFilters filters={filters} onChange={setFilter} onClear={clear} />
      {recordings.isError ? (
        <ErrorAlert title={t.list.loadError} error={recordings.error} onRetry={() => void recordings.refetch()} />
      ) : (
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
      )}
    </div>
  );
}
