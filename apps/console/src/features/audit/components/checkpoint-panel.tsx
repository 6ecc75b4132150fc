import type { AuditCheckpointDto, CheckpointStanding } from '@kura/contracts';
import type { ReactNode } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { formatDateTime, shortenHash } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useLatestCheckpoint } from '../api/get-latest-checkpoint';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Standing({ standing }: { standing: CheckpointStanding }) {
  const { t } = useI18n();
  const text = t.audit.checkpoint.standing[standing];
  return standing === 'extends' ? (
    <p role="status" className="notice notice--success">
      {text}
    </p>
  ) : (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{text}</p>
    </div>
  );
}

function Checkpoint({ checkpoint: c }: { checkpoint: AuditCheckpointDto }) {
  const { t } = useI18n();
  const none = t.common.none;
  return (
    <>
      <Standing standing={c.standing} />
      <dl className="meta-grid">
        <Row label={t.audit.checkpoint.seq}>{c.seq ?? none}</Row>
        <Row label={t.audit.checkpoint.at}>{c.at ? formatDateTime(c.at, { seconds: true }) : none}</Row>
        <Row label={t.audit.checkpoint.keyId}>{c.keyId ? <span className="mono">{c.keyId}</span> : none}</Row>
        <Row label={t.audit.checkpoint.hash}>
          {c.hash ? (
            <span className="mono" title={c.hash}>
              {shortenHash(c.hash)}
            </span>
          ) : (
            none
          )}
        </Row>
        <Row label={t.audit.checkpoint.object}>
          <span className="mono">{c.key}</span>
        </Row>
      </dl>
    </>
  );
}

/**
 * The newest signed checkpoint of the chain head, kept outside the database, and whether the chain
 * as it is now still contains it: what catches newest events cut off or the chain rewritten whole.
 */
export function CheckpointPanel() {
  const { t } = useI18n();
  const latest = useLatestCheckpoint();
  const every = latest.data?.everyMinutes;
  return (
    <section className="panel" aria-labelledby="checkpoint-heading">
      <h2 id="checkpoint-heading" className="panel__title">
        {t.audit.checkpoint.title}
      </h2>
      <p className="muted panel__text">
        {t.audit.checkpoint.description} {latest.data && (every ? t.audit.checkpoint.every(every) : t.audit.checkpoint.noSchedule)}
      </p>
      {latest.isPending && <p className="muted">{t.common.loading}</p>}
      {latest.isError && <ErrorAlert title={t.audit.checkpoint.loadError} error={latest.error} onRetry={() => void latest.refetch()} />}
      {latest.data &&
        (latest.data.checkpoint ? (
          <Checkpoint checkpoint={latest.data.checkpoint} />
        ) : (
          <p className="notice notice--neutral">{t.audit.checkpoint.none}</p>
        ))}
    </section>
  );
}
