import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { useI18n } from '@/lib/i18n';

/** Keyset paging through the chain: older with the server's nextBefore, or back to the newest. */
export function AuditPagination({ onNewest, onOlder }: { onNewest: (() => void) | null; onOlder: (() => void) | null }) {
  const { t } = useI18n();
  return (
    <KeysetPagination
      label={t.audit.pagination}
      firstLabel={t.audit.newest}
      nextLabel={t.audit.older}
      onFirst={onNewest}
      onNext={onOlder}
    />
  );
}
