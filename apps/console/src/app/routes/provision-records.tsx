import { ErrorAlert } from '@/components/ui/error-alert';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { useProvisionRecords } from '@/features/provision-records/api/get-provision-records';
import { ProvisionFilters } from '@/features/provision-records/components/provision-filters';
import { ProvisionTable } from '@/features/provision-records/components/provision-table';
import { useProvisionFilters } from '@/features/provision-records/hooks/use-provision-filters';
import { useAgencies } from '@/features/recordings/api/get-agencies';
import { useI18n } from '@/lib/i18n';
import { canReadProvisionRecords } from '@/lib/authorization';

function ProvisionRecords() {
  const { t } = useI18n();
  const p = t.packets.provision;
  const { filters, setFilter, setCursor, clear } = useProvisionFilters();
  const records = useProvisionRecords(filters);
  const agencies = useAgencies();
  const nextCursor = records.data?.nextCursor ?? null;
  return (
    <>
      <ProvisionFilters filters={filters} agencies={agencies.data?.items} onChange={setFilter} onClear={clear} />
      {records.isError ? (
        <ErrorAlert title={p.loadError} error={records.error} onRetry={() => void records.refetch()} />
      ) : (
        <>
          {records.isPending && (
            <p role="status" className="sr-only">
              {t.common.loading}
            </p>
          )}
          <ProvisionTable items={records.data?.items} loading={records.isPending} updating={records.isPlaceholderData} />
          <KeysetPagination
            label={p.pagination}
            firstLabel={p.firstPage}
            nextLabel={p.nextPage}
            onFirst={filters.cursor ? () => setCursor(null) : null}
            onNext={nextCursor && !records.isPlaceholderData ? () => setCursor(nextCursor) : null}
          />
        </>
      )}
    </>
  );
}

/** 第三者提供記録 for leads and auditors: filter, page, export as CSV. */
export function ProvisionRecordsRoute() {
  const { t } = useI18n();
  const user = useUser();
  const p = t.packets.provision;
  return (
    <div className="page">
      <title>{`${p.title} · ${t.common.appName}`}</title>
      <PageHeading>{p.title}</PageHeading>
      <p className="panel__text">{p.intro}</p>
      {canReadProvisionRecords(user) ? <ProvisionRecords /> : <p className="notice notice--warning">{p.notAllowed}</p>}
    </div>
  );
}
