import { ErrorAlert } from '@/components/ui/error-alert';
import { useUser } from '@/features/auth/api/get-session';
import { useAuditEvents } from '@/features/audit/api/get-audit-events';
import { useVerifyChain } from '@/features/audit/api/verify-chain';
import { AuditEventsTable } from '@/features/audit/components/audit-events-table';
import { AuditFilters } from '@/features/audit/components/audit-filters';
import { AuditPagination } from '@/features/audit/components/audit-pagination';
import { CheckpointPanel } from '@/features/audit/components/checkpoint-panel';
import { VerifyPanel } from '@/features/audit/components/verify-panel';
import { useAuditFilters } from '@/features/audit/hooks/use-audit-filters';
import { isApiError } from '@/lib/api-client';
import { canReadAudit } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function AuditLog() {
  const { t } = useI18n();
  const { filters, setFilter, setBefore, clear } = useAuditFilters();
  const events = useAuditEvents(filters);
  const verify = useVerifyChain();
  const nextBefore = events.data?.nextBefore ?? null;
  const brokenSeq = verify.data && !verify.data.intact ? verify.data.firstBrokenSeq : null;
  const forbidden = isApiError(events.error) && events.error.status === 403;

  return (
    <>
      <VerifyPanel result={verify.data} pending={verify.isPending} error={verify.error} onVerify={() => verify.mutate()} />
      <CheckpointPanel />
      <AuditFilters filters={filters} onChange={setFilter} onClear={clear} />
      {filters.before && <p className="muted">{t.audit.showingBefore(filters.before)}</p>}
      {events.isError ? (
        <ErrorAlert
          title={forbidden ? t.audit.forbidden : t.audit.loadError}
          error={events.error}
          onRetry={forbidden ? undefined : () => void events.refetch()}
        />
      ) : (
        <>
          {events.isPending && (
            <p role="status" className="sr-only">
              {t.common.loading}
            </p>
          )}
          <AuditEventsTable
            items={events.data?.items}
            loading={events.isPending}
            updating={events.isPlaceholderData}
            brokenSeq={brokenSeq}
          />
          <AuditPagination
            onNewest={filters.before ? () => setBefore(null) : null}
            onOlder={nextBefore && !events.isPlaceholderData ? () => setBefore(nextBefore) : null}
          />
        </>
      )}
    </>
  );
}

/** The audit chain for auditors; anyone else gets a plain refusal and no API call. */
export function AuditRoute() {
  const { t } = useI18n();
  const user = useUser();
  const allowed = canReadAudit(user);
  return (
    <div className="page">
      <title>{`${t.audit.title} · ${t.common.appName}`}</title>
      <h1 className="page__title">{t.audit.title}</h1>
      {allowed ? <AuditLog /> : <p className="notice notice--warning">{t.audit.notAllowed}</p>}
    </div>
  );
}
