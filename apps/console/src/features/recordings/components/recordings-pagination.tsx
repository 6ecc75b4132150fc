import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { useI18n } from '@/lib/i18n';

/** Keyset pagination: forward with the server's cursor, or back to the start. */
export function RecordingsPagination({ onFirstPage, onNextPage }: { onFirstPage: (() => void) | null; onNextPage: (() => void) | null }) {
  const { t } = useI18n();
  return (
    <KeysetPagination
      label={t.list.pagination}
      firstLabel={t.list.firstPage}
      nextLabel={t.list.nextPage}
      onFirst={onFirstPage}
      onNext={onNextPage}
    />
  );
}
