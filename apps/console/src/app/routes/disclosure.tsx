import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { Spinner } from '@/components/ui/spinner';
import { useUser } from '@/features/auth/api/get-session';
import { useDisclosure } from '@/features/disclosures/api/get-disclosures';
import { downloadExport, useProduceExport } from '@/features/disclosures/api/produce-export';
import { ExportView } from '@/features/disclosures/components/export-view';
import '@/features/disclosures/components/disclosure.css';
import { isApiError } from '@/lib/api-client';
import { canHandleDisclosures, DISCLOSURE_ROLES, homePath } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

function DisclosurePage({ id }: { id: string }) {
  const { t } = useI18n();
  const d = t.rights.disclosures;
  const request = useDisclosure(id);
  const produce = useProduceExport(id);
  const back = (
    <Link to="/disclosures" className="back-link no-print">
      ← {d.back}
    </Link>
  );

  if (request.isPending) {
    return (
      <div className="page">
        {back}
        <Spinner label={t.common.loading} />
      </div>
    );
  }
  if (request.isError) {
    const notFound = isApiError(request.error) && request.error.status === 404;
    return (
      <div className="page">
        {back}
        <PageHeading>{d.title}</PageHeading>
        <ErrorAlert
          title={notFound ? d.notFound : d.loadError}
          error={request.error}
          forbidden={{ what: d.title, roles: DISCLOSURE_ROLES }}
          onRetry={notFound ? undefined : () => void request.refetch()}
        />
      </div>
    );
  }

  const r = request.data;
  const doc = produce.data;
  return (
    <div className="page">
      <title>{`${d.requestTitle(r.userRef)} · ${t.common.appName}`}</title>
      {back}
      <PageHeading>{d.requestTitle(r.userRef)}</PageHeading>
      <section className="panel no-print" aria-labelledby="request-heading">
        <h2 id="request-heading" className="panel__title">
          {d.table}
        </h2>
        <dl className="meta-grid">
          <div className="meta-row">
            <dt>{d.status}</dt>
            <dd>{d.statuses[r.status]}</dd>
          </div>
          <div className="meta-row">
            <dt>{d.requestRef}</dt>
            <dd className="mono">{r.requestRef ?? t.common.none}</dd>
          </div>
          <div className="meta-row">
            <dt>{d.at}</dt>
            <dd>{formatDateTime(r.at)}</dd>
          </div>
          <div className="meta-row">
            <dt>{d.receivedAt}</dt>
            <dd>{formatDateTime(r.receivedAt)}</dd>
          </div>
          {r.resolvedAt && (
            <div className="meta-row">
              <dt>{d.resolvedAt}</dt>
              <dd>{formatDateTime(r.resolvedAt)}</dd>
            </div>
          )}
        </dl>
        {r.status !== 'refused' && (
          <>
            <p className="panel__text">{d.produceNote}</p>
            <div className="button-row">
              <button type="button" className="button button--primary" disabled={produce.isPending} onClick={() => produce.mutate()}>
                {produce.isPending ? d.producing : r.status === 'pending' ? d.produce : d.produceAgain}
              </button>
              {doc && (
                <>
                  <button type="button" className="button button--secondary" onClick={() => downloadExport(doc)}>
                    {d.download}
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => window.print()}>
                    {d.print}
                  </button>
                </>
              )}
            </div>
          </>
        )}
        {produce.isError && <ErrorAlert title={d.produceError} error={produce.error} />}
      </section>
      {doc && <ExportView doc={doc} />}
    </div>
  );
}

/** One disclosure request: produce its export (audited, completes it), download it as JSON or print it. */
export function DisclosureRoute() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const user = useUser();
  if (canHandleDisclosures(user)) return <DisclosurePage id={id} />;
  return (
    <div className="page page--narrow">
      <PageHeading>{t.rights.disclosures.title}</PageHeading>
      <RoleRequired what={t.rights.disclosures.title} roles={DISCLOSURE_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
    </div>
  );
}
