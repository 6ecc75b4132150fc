import type { UpcomingDeletionDto } from '@kura/contracts';
import { Link } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

interface UpcomingTableProps {
  items: UpcomingDeletionDto[] | undefined;
  loading: boolean;
  updating: boolean;
  /** The time the list was asked for: rows before it are overdue. */
  now: number;
  /** null: the person may not place holds (admins see the list only). */
  onPlaceHold: ((item: UpcomingDeletionDto) => void) | null;
}

/** What expires soonest first: when, why, whose, and whether something holds it back today. */
export function UpcomingTable({ items, loading, updating, now, onPlaceHold }: UpcomingTableProps) {
  const { t } = useI18n();
  const u = t.rights.upcoming;
  return (
    <div className="table-wrap">
      <table className="table" aria-label={u.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col">{u.retainUntil}</th>
            <th scope="col">{u.call}</th>
            <th scope="col">{u.reasonCol}</th>
            <th scope="col">{u.agencyCol}</th>
            <th scope="col">{u.creatorCol}</th>
            <th scope="col">{u.heldBack}</th>
            <th scope="col">{u.actions}</th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={5} columns={7} />}
          {!loading &&
            items?.map((r) => {
              const held = [r.openReview && u.openReview, r.livePacket && u.livePacket].filter(Boolean).join('、');
              return (
                <tr key={r.recordingId}>
                  <td className="nowrap">
                    <span className="cell-main">{formatDateTime(r.retainUntil)}</span>
                    {Date.parse(r.retainUntil) <= now && <span className="cell-sub">{u.overdue}</span>}
                  </td>
                  <td className="nowrap">
                    <Link to={`/recordings/${encodeURIComponent(r.recordingId)}`} className="mono">
                      {r.callRef}
                    </Link>
                    <span className="cell-sub">{formatDateTime(r.startedAt)}</span>
                  </td>
                  <td>{t.rights.reasons[r.reason]}</td>
                  <td className="nowrap">
                    <span className="cell-main">{r.agency.name}</span>
                    <span className="cell-sub mono">{r.agency.ref}</span>
                  </td>
                  <td className="nowrap">
                    <span className="cell-main">{r.creator.name}</span>
                    <span className="cell-sub mono">{r.creator.ref}</span>
                  </td>
                  <td>{held || u.none}</td>
                  <td className="nowrap">
                    {onPlaceHold ? (
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={u.placeHoldFor(r.callRef)}
                        onClick={() => onPlaceHold(r)}
                      >
                        {u.placeHold}
                      </button>
                    ) : (
                      <span className="muted">{u.leadOnly}</span>
                    )}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{u.empty}</p>}
    </div>
  );
}
