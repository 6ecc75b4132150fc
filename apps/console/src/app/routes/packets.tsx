import { ErrorAlert } from '@/components/ui/error-alert';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { PageHeading } from '@/components/ui/page-heading';
import { useUser } from '@/features/auth/api/get-session';
import { usePackets } from '@/features/packets/api/get-packets';
import { PacketsFilters } from '@/features/packets/components/packets-filters';
import { PacketsTable } from '@/features/packets/components/packets-table';
import { usePacketFilters } from '@/features/packets/hooks/use-packet-filters';
import { useAgencies } from '@/features/recordings/api/get-agencies';
import { useI18n } from '@/lib/i18n';
import { canWorkPackets } from '@/lib/authorization';

function PacketsList() {
  const { t } = useI18n();
  const l = t.packets.list;
  const { filters, setFilter, setCursor, clear } = usePacketFilters();
  const packets = usePackets(filters);
  const agencies = useAgencies();
  const nextCursor = packets.data?.nextCursor ?? null;

  return (
    <>
      <PacketsFilters filters={filters} agencies={agencies.data?.items} onChange={setFilter} onClear={clear} />
      {packets.isError ? (
        <ErrorAlert title={l.loadError} error={packets.error} onRetry={() => void packets.refetch()} />
      ) : (
        <>
          {packets.isPending && (
            <p role="status" className="sr-only">
              {t.common.loading}
            </p>
          )}
          <PacketsTable items={packets.data?.items} loading={packets.isPending} updating={packets.isPlaceholderData} />
          <KeysetPagination
            label={l.pagination}
            firstLabel={l.firstPage}
            nextLabel={l.nextPage}
            onFirst={filters.cursor ? () => setCursor(null) : null}
            onNext={nextCursor && !packets.isPlaceholderData ? () => setCursor(nextCursor) : null}
          />
        </>
      )}
    </>
  );
}

/** Evidence packets for moderators and leads; anyone else gets a plain refusal and no API call. */
export function PacketsRoute() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="page">
      <title>{`${t.packets.list.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.packets.list.title}</PageHeading>
      {canWorkPackets(user) ? <PacketsList /> : <p className="notice notice--warning">{t.packets.list.notAllowed}</p>}
    </div>
  );
}
