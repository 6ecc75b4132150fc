import { purposes, type AccessLogEntryDto, type Purpose } from '@kura/contracts';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { formatBytes, formatDateTime, formatInteger } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { useAccessLog } from '../api/get-access-log';

function purposeLabel(value: Purpose | null, t: Messages): string {
  if (value === null) return t.common.none;
  return (purposes as readonly string[]).includes(value) ? t.purposes[value] : value;
}

// The API may list more than the contract's actions; anything unknown falls back to the audit label.
function actionLabel(action: string, t: Messages): string {
  return (t.accessLog.actions as Record<string, string>)[action] ?? (t.audit.actions as Record<string, string>)[action] ?? action;
}

function actorLabel(actor: AccessLogEntryDto['actor'], t: Messages): string {
  // An agency reads through a share link: name the agency and the link's recipient.
  if (actor.agency) return t.accessLog.agencyActor(actor.agency.name, actor.agency.recipientName);
  return actor.displayName ?? actor.email ?? actor.id;
}

function actorTitle(actor: AccessLogEntryDto['actor'], t: Messages): string {
  if (actor.type === 'agency') return `${t.accessLog.shareLink}: ${actor.id}`;
  return actor.email ?? actor.id;
}

function RangeCell({ range }: { range: AccessLogEntryDto['range'] }) {
  const { t } = useI18n();
  if (!range) return <>{t.common.none}</>;
  return (
    <span title={formatBytes(range.end - range.start + 1)}>
      <span className="mono">
        {formatInteger(range.start)}–{formatInteger(range.end)}
      </span>{' '}
      <span className="muted">({formatBytes(range.end - range.start + 1)})</span>
    </span>
  );
}

/** Who read this recording, when, why and which bytes; polled while the player is up. */
export function AccessLogTable({ recordingId, poll }: { recordingId: string; poll: boolean }) {
  const { t } = useI18n();
  const log = useAccessLog(recordingId, { poll });
  const items = log.data ? [...log.data.items].sort((a, b) => b.seq - a.seq) : [];

  return (
    <section className="panel" aria-labelledby="access-log-heading">
      <h2 id="access-log-heading" className="panel__title">
        {t.accessLog.title}
      </h2>
      {log.isPending && <Spinner label={t.common.loading} />}
      {log.isError && <ErrorAlert title={t.accessLog.loadError} error={log.error} onRetry={() => void log.refetch()} />}
      {log.isSuccess && items.length === 0 && <p className="muted">{t.accessLog.empty}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-labelledby="access-log-heading">
            <thead>
              <tr>
                <th scope="col">{t.accessLog.at}</th>
                <th scope="col">{t.accessLog.actor}</th>
                <th scope="col">{t.accessLog.action}</th>
                <th scope="col">{t.accessLog.purpose}</th>
                <th scope="col">{t.accessLog.reference}</th>
                <th scope="col">{t.accessLog.range}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.seq}>
                  <td className="nowrap">{formatDateTime(entry.at, { seconds: true })}</td>
                  <td title={actorTitle(entry.actor, t)}>{actorLabel(entry.actor, t)}</td>
                  <td title={entry.action}>{actionLabel(entry.action, t)}</td>
                  <td>{purposeLabel(entry.purpose, t)}</td>
                  <td className="mono">{entry.reference ?? t.common.none}</td>
                  <td className="nowrap">
                    <RangeCell range={entry.range} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
