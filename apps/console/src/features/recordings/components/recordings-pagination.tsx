import { useI18n } from '@/lib/i18n';

interface RecordingsPaginationProps {
  onFirstPage: (() => void) | null;
  onNextPage: (() => void) | null;
}

/** Keyset pagination: forward with the server's cursor, or back to the start. */
export function RecordingsPagination({ onFirstPage, onNextPage }: RecordingsPaginationProps) {
  const { t } = useI18n();
  if (!onFirstPage && !onNextPage) return null;
  return (
    <nav className="pagination" aria-label={t.list.pagination}>
      <button type="button" className="button button--secondary" disabled={!onFirstPage} onClick={onFirstPage ?? undefined}>
        {t.list.firstPage}
      </button>
      <button type="button" className="button button--secondary" disabled={!onNextPage} onClick={onNextPage ?? undefined}>
        {t.list.nextPage}
      </button>
    </nav>
  );
}
