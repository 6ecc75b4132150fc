import type { PacketSummaryDto } from '@kura/contracts';
import { Link, useNavigate } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PacketStatusBadge } from './badges';
import './packets.css';

interface PacketsTableProps {
  items: PacketSummaryDto[] | undefined;
  loading: boolean;
  updating: boolean;
}

const COLUMNS = 9;

export function PacketsTable({ items, loading, updating }: PacketsTableProps) {
  const { t } = useI18n();
  const l = t.packets.list;
  const navigate = useNavigate();
  const none = t.common.none;

  return (
    <div className="table-wrap">
      <table className="table table--interactive" aria-label={l.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col">{l.packet}</th>
            <th scope="col">{l.agency}</th>
            <th scope="col">{l.creator}</th>
            <th scope="col">{l.call}</th>
            <th scope="col">{l.people}</th>
            <th scope="col">{l.times}</th>
            <th scope="col" className="num">
              {l.clips}
            </th>
            <th scope="col" className="num">
              {l.liveLinks}
            </th>
            <th scope="col" className="num">
              {l.replies}
            </th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={6} columns={COLUMNS} />}
          {!loading &&
            items?.map((p) => {
              const href = `/packets/${encodeURIComponent(p.id)}`;
              return (
                <tr key={p.id} onClick={() => void navigate(href)}>
                  <td>
                    <Link to={href} aria-label={l.open(p.title)} onClick={(e) => e.stopPropagation()} className="cell-main">
                      {p.title}
                    </Link>
                    <PacketStatusBadge status={p.status} />{' '}
                    {p.involvesMinor && <span className="badge badge--minor">{t.packets.minor}</span>}
                  </td>
                  <td>
                    <span className="cell-main">{p.agency.name}</span>
                    <span className="cell-sub">{p.agency.ref}</span>
                  </td>
                  <td>
                    <span className="cell-main">{p.creator.name}</span>
                    <span className="cell-sub">{p.creator.ref}</span>
                  </td>
                  <td className="mono">{p.callRef}</td>
                  <td>
                    <span className="cell-main">{p.author.displayName}</span>
                    <span className="cell-sub">{p.approvedBy?.displayName ?? l.notApproved}</span>
                  </td>
                  <td>
                    <dl className="packet-times">
                      <dt>{l.created}</dt>
                      <dd>{formatDateTime(p.createdAt)}</dd>
                      <dt>{l.approved}</dt>
                      <dd>{p.approvedAt ? formatDateTime(p.approvedAt) : none}</dd>
                      <dt>{l.shared}</dt>
                      <dd>{p.sharedAt ? formatDateTime(p.sharedAt) : none}</dd>
                    </dl>
                  </td>
                  <td className="num">{p.clipCount}</td>
                  <td className="num">{p.liveLinks}</td>
                  <td className="num">{p.replyCount}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{l.empty}</p>}
    </div>
  );
}
