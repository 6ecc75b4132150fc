import { useI18n } from '@/lib/i18n';

interface AuditPaginationProps {
  onNewest: (() => void) | null;
  onOlder: (() => void) | null;
}

/** Keyset paging through the chain: older with the server's nextBefore, or back to the newest. */
export function AuditPagination({ onNewest, onOlder }: AuditPaginationProps) {
  const { t } = useI18n();
  if (!onNewest && !onOlder) return null;
  return (
    <nav className="pagination" aria-label={t.audit.pagination}>
      <button type="button" className="button button--secondary" disabled={!onNewest} onClick={onNewest ?? undefined}>
        {t.audit.newest}
      </button>
      <button type="button" className="button button--secondary" disabled={!onOlder} onClick={onOlder ?? undefined}>
        {t.audit.older}
      </button>
    </nav>
  );
}
