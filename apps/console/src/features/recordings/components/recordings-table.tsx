import type { RecordingSummaryDto } from '@kura/contracts';
import { Link, useNavigate } from 'react-router';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { StateBadge } from './state-badge';
import { SkeletonRows } from '@/components/ui/skeleton-rows';

interface RecordingsTableProps {
  items: RecordingSummaryDto[] | undefined;
  loading: boolean;
  /** True while a new page/filter loads and the previous rows are still shown. */
  updating: boolean;
}

const SKELETON_ROWS = 8;
const COLUMNS = 7;

export function RecordingsTable({ items, loading, updating }: RecordingsTableProps) {
  const { t } = useI18n();
  const navigate = useNavigate();

  return (
    <div className="table-wrap">
      <table className="table table--interactive" aria-label={t.list.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col">{t.list.startedAt}</th>
            <th scope="col" className="num">
              {t.list.duration}
            </th>
            <th scope="col">{t.list.creator}</th>
            <th scope="col">{t.detail.agency}</th>
            <th scope="col">{t.list.userRef}</th>
            <th scope="col">{t.list.state}</th>
            <th scope="col" className="num">
              {t.list.openReports}
            </th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={SKELETON_ROWS} columns={COLUMNS} />}
          {!loading &&
            items?.map((item) => {
              const href = `/recordings/${encodeURIComponent(item.id)}`;
              return (
                <tr key={item.id} onClick={() => void navigate(href)}>
                  <td className="nowrap">
                    {/* The visible time starts the link's name (what voice control users say), the call it opens follows. */}
                    <Link to={href} onClick={(e) => e.stopPropagation()}>
                      {formatDateTime(item.startedAt)} <span className="sr-only">{t.list.open(item.callRef)}</span>
                    </Link>
                  </td>
                  <td className="num">{formatDuration(item.durationMs)}</td>
                  <td>
                    <span className="cell-main">{item.creator.name}</span>
                    <span className="cell-sub">{item.creator.ref}</span>
                  </td>
                  <td>{item.agency.name}</td>
                  <td className="mono">{item.userRef}</td>
                  <td>
                    <StateBadge state={item.state} />
                  </td>
                  <td className="num">
                    {item.openReports > 0 ? (
                      <span className="badge badge--reports">{item.openReports}</span>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{t.list.empty}</p>}
    </div>
  );
}
