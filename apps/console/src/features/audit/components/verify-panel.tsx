import type { AuditVerifyResponse } from '@kura/contracts';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { AUDIT_ROLES } from '@/lib/authorization';
import { formatInteger } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { auditSearch } from '../hooks/use-audit-filters';

interface VerifyPanelProps {
  result: AuditVerifyResponse | undefined;
  pending: boolean;
  error: unknown;
  onVerify: () => void;
}

function VerifyResult({ result }: { result: AuditVerifyResponse }) {
  const { t } = useI18n();
  if (result.intact) {
    return (
      <p role="status" className="notice notice--success">
        {t.audit.verify.intact(formatInteger(result.events))}
      </p>
    );
  }
  const seq = result.firstBrokenSeq;
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{t.audit.verify.broken(seq)}</p>
      <p>{t.audit.verify.checked(formatInteger(result.events))}</p>
      {/* Events before seq+1, newest first: the first broken event is the top row. */}
      <Link to={{ search: auditSearch({ before: seq + 1 }) }}>{t.audit.verify.showBroken(seq)}</Link>
    </div>
  );
}

/** Runs the server's walk of the whole hash chain, only when asked: each run is itself audited. */
export function VerifyPanel({ result, pending, error, onVerify }: VerifyPanelProps) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading" className="panel__title">
        {t.audit.verify.title}
      </h2>
      <p className="muted panel__text">{t.audit.verify.description}</p>
      <button type="button" className="button button--primary" onClick={onVerify} disabled={pending}>
        {pending ? t.audit.verify.running : t.audit.verify.button}
      </button>
      {!pending && error !== null && error !== undefined && (
        <ErrorAlert title={t.audit.verify.failed} error={error} forbidden={{ what: t.access.what.audit, roles: AUDIT_ROLES }} />
      )}
      {!pending && result && <VerifyResult result={result} />}
    </section>
  );
}
