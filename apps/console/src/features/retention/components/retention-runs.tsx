import type { RetentionRunDto } from '@kura/contracts';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { Modal } from '@/components/ui/modal';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDateTime, formatInteger } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useRetentionRun, useRetentionRuns } from '../api/retention';

function heldBackText(run: RetentionRunDto, labels: Record<string, string>): string {
  const counts = Object.entries(run.heldBack.counts ?? {}).filter(([, n]) => n > 0);
  return counts.length === 0 ? '0' : counts.map(([k, n]) => `${labels[k] ?? k} ${n}`).join(', ');
}

/** The job's runs, newest first; the page and the open run live in the URL (?before=, ?run=). */
export function RetentionRuns() {
  const { t } = useI18n();
  const m = t.retention.page;
  const [params, setParams] = useSearchParams();
  const before = params.get('before');
  const open = params.get('run');
  const runs = useRetentionRuns(before);
  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="retention-runs-heading">
      <h2 id="retention-runs-heading" className="panel__title">
        {m.runsTitle}
      </h2>
      {runs.isPending && <Spinner label={t.common.loading} />}
      {runs.isError && <ErrorAlert title={m.runsLoadError} error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.isSuccess && runs.data.runs.length === 0 && <p className="panel__text">{m.runsEmpty}</p>}
      {runs.isSuccess && runs.data.runs.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{m.runsTable}</caption>
            <thead>
              <tr>
                <th scope="col">{m.startedAt}</th>
                <th scope="col">{m.trigger}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.seq}</th>
                <th scope="col">{m.scanned}</th>
                <th scope="col">{m.expired}</th>
                <th scope="col">{m.bytesFreed}</th>
                <th scope="col">{m.heldBack}</th>
                <th scope="col">{m.errors}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => set('run', run.id)}
                      aria-label={m.show(formatDateTime(run.startedAt))}
                    >
                      {formatDateTime(run.startedAt)}
                    </button>
                  </td>
                  <td>
                    {run.triggeredBy}
                    {run.dryRun && <span className="muted"> ({m.dryRun})</span>}
                  </td>
                  <td>{m.statuses[run.status] ?? run.status}</td>
                  <td>{run.seq ?? t.common.none}</td>
                  <td>{formatInteger(run.scanned)}</td>
                  <td>{formatInteger(run.expired)}</td>
                  <td>{formatBytes(run.bytesFreed)}</td>
                  <td>{heldBackText(run, m.heldBackReasons)}</td>
                  <td>{run.errors.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.isSuccess && (
        <KeysetPagination
          label={m.runsTitle}
          firstLabel={t.list.firstPage}
          nextLabel={m.nextPage}
          onFirst={before ? () => set('before', null) : null}
          onNext={runs.data.nextBefore ? () => set('before', runs.data.nextBefore) : null}
        />
      )}
      {open && <RunDetail id={open} onClose={() => set('run', null)} />}
    </section>
  );
}

function RunDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const m = t.retention.page;
  const run = useRetentionRun(id);
  return (
    <Modal titleId="retention-run-title" onClose={onClose}>
      <h2 id="retention-run-title">{m.detailTitle}</h2>
      {run.isPending && <Spinner label={t.common.loading} />}
      {run.isError && <ErrorAlert title={m.runsLoadError} error={run.error} />}
      {run.isSuccess && (
        <>
          <dl className="meta-grid">
            <div className="meta-row">
              <dt>{m.startedAt}</dt>
              <dd>{formatDateTime(run.data.startedAt, { seconds: true })}</dd>
            </div>
            <div className="meta-row">
              <dt>{m.receiptHash}</dt>
              <dd className="mono">{run.data.receiptHash ?? t.common.none}</dd>
            </div>
          </dl>
          <h3>{m.report}</h3>
          <pre className="code-block" tabIndex={0}>
            {JSON.stringify(run.data.receipt, null, 2)}
          </pre>
        </>
      )}
      <div>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {m.close}
        </button>
      </div>
    </Modal>
  );
}
