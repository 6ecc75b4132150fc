import type { ReviewItemSummaryDto, StaffUserDto } from '@kura/contracts';
import { Link, useNavigate } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { isLead } from '@/lib/authorization';
import { useNow } from '@/lib/use-now';
import { Age } from './age';
import { HoldBadge, MinorBadge, SampledBadge, StatusBadge } from './badges';
import { PriorityDisclosure } from './priority';

interface QueueTableProps {
  id: string;
  labelledBy?: string;
  items: ReviewItemSummaryDto[] | undefined;
  loading: boolean;
  updating: boolean;
  user: StaffUserDto | null;
  showStatus: boolean;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (ids: string[], select: boolean) => void;
  onClaim: (item: ReviewItemSummaryDto) => void;
  onRelease: (item: ReviewItemSummaryDto) => void;
  busyId: string | null;
}

const SKELETON_ROWS = 8;

/** What a row offers: claim what is waiting (escalated items only to leads), release what is yours. */
function rowAction(item: ReviewItemSummaryDto, user: StaffUserDto | null): 'claim' | 'release' | null {
  if (!user || item.status === 'closed') return null;
  if (item.status === 'claimed') return item.assignee?.id === user.id || isLead(user) ? 'release' : null;
  if (item.status === 'escalated' && !isLead(user)) return null;
  return 'claim';
}

export function QueueTable(props: QueueTableProps) {
  const { id, labelledBy, items, loading, updating, user, showStatus, selected, onToggle, onToggleAll, onClaim, onRelease, busyId } = props;
  const { t } = useI18n();
  const q = t.review.queue;
  const navigate = useNavigate();
  const now = useNow(15_000);
  const ids = items?.map((i) => i.id) ?? [];
  const allSelected = ids.length > 0 && ids.every((i) => selected.has(i));
  const someSelected = ids.some((i) => selected.has(i));
  const columns = showStatus ? 11 : 10;

  return (
    <div className="table-wrap" id={id} role="tabpanel" aria-labelledby={labelledBy}>
      <table className="table table--interactive table--queue" aria-label={q.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col" className="cell-check">
              <input
                type="checkbox"
                aria-label={q.selectAll}
                checked={allSelected}
                ref={(node) => {
                  if (node) node.indeterminate = someSelected && !allSelected;
                }}
                disabled={ids.length === 0}
                onChange={(e) => onToggleAll(ids, e.target.checked)}
              />
            </th>
            <th scope="col">{q.columns.priority}</th>
            {showStatus && <th scope="col">{q.columns.status}</th>}
            <th scope="col">{q.columns.categories}</th>
            <th scope="col">{q.columns.age}</th>
            <th scope="col">{q.columns.call}</th>
            <th scope="col">{q.columns.creator}</th>
            <th scope="col">{q.columns.user}</th>
            <th scope="col">{q.columns.source}</th>
            <th scope="col">{q.columns.assignee}</th>
            <th scope="col">
              <span className="sr-only">{q.columns.actions}</span>
            </th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={SKELETON_ROWS} columns={columns} />}
          {!loading &&
            items?.map((item) => {
              const href = `/queue/${encodeURIComponent(item.id)}`;
              const action = rowAction(item, user);
              const mine = !!user && item.assignee?.id === user.id;
              return (
                <tr
                  key={item.id}
                  className={selected.has(item.id) ? 'is-selected' : undefined}
                  onClick={(event) => {
                    // Clicks on the row's own controls do their own thing.
                    if ((event.target as HTMLElement).closest('button, a, input, label, [role="group"]')) return;
                    void navigate(href);
                  }}
                >
                  <td className="cell-check">
                    <input
                      type="checkbox"
                      aria-label={q.selectRow(item.call.ref)}
                      checked={selected.has(item.id)}
                      onChange={() => onToggle(item.id)}
                    />
                  </td>
                  <td className="nowrap">
                    <PriorityDisclosure band={item.priorityBand} score={item.priority} reasons={item.priorityReasons} />
                  </td>
                  {showStatus && (
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                  )}
                  <td className="cell-categories">
                    <span className="badge-list">
                      {item.categories.map((category) => (
                        <span key={category} className="badge badge--category">
                          {t.categories[category]}
                        </span>
                      ))}
                      {item.reportCount > 0 && <span className="muted small">{q.reports(item.reportCount)}</span>}
                    </span>
                  </td>
                  <td className="nowrap">
                    <Age since={item.openedAt} now={now} />
                  </td>
                  <td className="nowrap">
                    <Link to={href} aria-label={q.open(item.call.ref)} className="cell-main mono">
                      {item.call.ref}
                    </Link>
                    <span className="cell-sub">{formatDateTime(item.call.startedAt)}</span>
                    {item.onHold && <HoldBadge />}
                  </td>
                  <td>
                    <span className="cell-main">{item.creator.name}</span>
                    <span className="cell-sub cell-sub--text">{item.agency.name}</span>
                  </td>
                  <td className="nowrap">
                    <span className="mono">{item.userRef}</span> {item.minor && <MinorBadge />}
                  </td>
                  <td className="nowrap">{item.source === 'sample' ? <SampledBadge /> : t.review.sources[item.source]}</td>
                  <td className="nowrap">
                    {item.assignee ? (
                      <span className={mine ? 'assignee assignee--me' : 'assignee'}>
                        {item.assignee.displayName}
                        {mine && <span className="muted"> ({q.you})</span>}
                      </span>
                    ) : (
                      <span className="muted">{q.unassigned}</span>
                    )}
                  </td>
                  <td className="nowrap cell-actions">
                    {action === 'claim' && (
                      <button
                        type="button"
                        className="button button--small button--secondary"
                        aria-label={q.claimRow(item.call.ref)}
                        disabled={busyId === item.id}
                        onClick={() => onClaim(item)}
                      >
                        {q.claim}
                      </button>
                    )}
                    {action === 'release' && (
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        aria-label={q.releaseRow(item.call.ref)}
                        disabled={busyId === item.id}
                        onClick={() => onRelease(item)}
                      >
                        {q.release}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{q.empty}</p>}
    </div>
  );
}
