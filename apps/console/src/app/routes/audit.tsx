import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { useUser } from '@/features/auth/api/get-session';
import { useAuditEvents } from '@/features/audit/api/get-audit-events';
import { useVerifyChain } from '@/features/audit/api/verify-chain';
import { AuditEventsTable } from '@/features/audit/components/audit-events-table';
import { AuditFilters } from '@/features/audit/components/audit-filters';
import { AuditPagination } from '@/features/audit/components/audit-pagination';
import { CheckpointPanel } from '@/features/audit/components/checkpoint-panel';
import { VerifyPanel } from '@/features/audit/components/verify-panel';
import { useAuditFilters } from '@/features/audit/hooks/use-audit-filters';
import { AUDIT_ROLES, canReadAudit, homePath } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function AuditLog() {
  const { t } = useI18n();
  const { filters, setFilter, setBefore, clear } = useAuditFilters();
  const events = useAuditEvents(filters);
  const verify = useVerifyChain();
  const nextBefore = events.data?.nextBefore ?? null;
  const brokenSeq = verify.data && !verify.data.intact ? verify.data.firstBrokenSeq : null;

  return (
    <>
      <VerifyPanel result={verify.data} pending={verify.isPending} error={verify.error} onVerify={() => verify.mutate()} />
      <CheckpointPanel />
      <AuditFilters filters={filters} onChange={setFilter} onClear={clear} />
      {filters.before && <p className="muted">{t.audit.showingBefore(filters.before)}</p>}
      {events.isError ? (
        <ErrorAlert
          title={t.audit.loadError}
          error={events.error}
          forbidden={{ what: t.access.what.audit, roles: AUDIT_ROLES }}
          onRetry={() => void events.refetch()}
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

/** The audit chain for auditors; anyone else is told which role it takes, and no API call is made. */
export function AuditRoute() {
  const { t } = useI18n();
  const user = useUser();
  const allowed = canReadAudit(user);
  return (
    <div className="page">
      <title>{`${t.audit.title} · ${t.common.appName}`}</title>
      <PageHeading>{t.audit.title}</PageHeading>
      {allowed ? (
        <AuditLog />
      ) : (
        <RoleRequired what={t.access.what.audit} roles={AUDIT_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
      )}
    </div>
  );
}
