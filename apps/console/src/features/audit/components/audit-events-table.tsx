import { purposes, type AuditEventDto, type Purpose } from '@kura/contracts';
import { Link } from 'react-router';
import { formatDateTime, shortenHash } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { AuditDetails } from './audit-details';
import { SkeletonRows } from '@/components/ui/skeleton-rows';

interface AuditEventsTableProps {
  items: AuditEventDto[] | undefined;
  loading: boolean;
  /** True while a new page/filter loads and the previous rows are still shown. */
  updating: boolean;
  /** The first seq the last verification found broken, marked in the table. */
  brokenSeq?: number | null;
}

const SKELETON_ROWS = 8;
const COLUMNS = 8;
const HASH_CHARS = 12;

function purposeLabel(value: Purpose | null, t: Messages): string {
  if (value === null) return t.common.none;
  return (purposes as readonly string[]).includes(value) ? t.purposes[value] : value;
}

function actionLabel(action: string, t: Messages): string {
  return (t.audit.actions as Record<string, string>)[action] ?? action;
}

function ActorCell({ actor }: { actor: AuditEventDto['actor'] }) {
  const { t } = useI18n();
  const raw = `${actor.type}:${actor.id}`;
  // Sign-in attempts have no one behind them yet; a staff id the API could not name (an older
  // pre-sign-in row, a removed account) keeps its raw id and says it is unknown.
  const unnamedStaff = actor.type === 'staff' && actor.displayName === null && actor.email === null;
  const name = actor.type === 'anonymous' ? t.audit.anonymousActor : (actor.displayName ?? actor.email ?? raw);
  return (
    <td title={actor.email ?? raw}>
      <span className="cell-main">{name}</span>
      {actor.type !== 'staff' && <span className="badge">{t.audit.actorTypes[actor.type] ?? actor.type}</span>}
      {unnamedStaff && <span className="badge">{t.audit.unknownStaff}</span>}
    </td>
  );
}

function SubjectCell({ subject }: { subject: AuditEventDto['subject'] }) {
  const raw = `${subject.type}:${subject.id}`;
  const text = `${subject.type}:${shortenHash(subject.id, 8, 4)}`;
  return (
    <td className="mono nowrap" title={raw}>
      {subject.type === 'recording' ? <Link to={`/recordings/${encodeURIComponent(subject.id)}`}>{text}</Link> : text}
    </td>
  );
}

/** The audit chain, newest first: who did what to which subject, why, and the event's hash. */
export function AuditEventsTable({ items, loading, updating, brokenSeq = null }: AuditEventsTableProps) {
  const { t } = useI18n();

  return (
    <div className="table-wrap">
      <table className="table table--audit" aria-label={t.audit.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t.audit.seq}
            </th>
            <th scope="col">{t.audit.at}</th>
            <th scope="col">{t.audit.actor}</th>
            <th scope="col">{t.audit.action}</th>
            <th scope="col">{t.audit.target}</th>
            <th scope="col">{t.audit.purpose}</th>
            <th scope="col">{t.audit.details}</th>
            <th scope="col">{t.audit.hash}</th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={SKELETON_ROWS} columns={COLUMNS} />}
          {!loading &&
            items?.map((event) => (
              <tr key={event.seq} className={event.seq === brokenSeq ? 'row--broken' : undefined}>
                <td className="num mono">{event.seq}</td>
                <td className="nowrap">{formatDateTime(event.at, { seconds: true })}</td>
                <ActorCell actor={event.actor} />
                <td title={event.action}>{actionLabel(event.action, t)}</td>
                <SubjectCell subject={event.subject} />
                <td>{purposeLabel(event.purpose, t)}</td>
                <td>
                  <AuditDetails details={event.details} />
                </td>
                <td>
                  <code className="hash" title={event.hash}>
                    {event.hash.slice(0, HASH_CHARS)}
                  </code>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{t.audit.empty}</p>}
    </div>
  );
}
