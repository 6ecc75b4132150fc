import type { DisclosureRequestDto } from '@kura/contracts';
import { Link } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

interface DisclosuresTableProps {
  items: DisclosureRequestDto[] | undefined;
  loading: boolean;
  updating: boolean;
}

/** Disclosure requests, open ones first (the API orders them). */
export function DisclosuresTable({ items, loading, updating }: DisclosuresTableProps) {
  const { t } = useI18n();
  const d = t.rights.disclosures;
  return (
    <div className="table-wrap">
      <table className="table" aria-label={d.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col">{d.receivedAt}</th>
            <th scope="col">{d.userRef}</th>
            <th scope="col">{d.requestRef}</th>
            <th scope="col">{d.status}</th>
            <th scope="col">{d.resolvedAt}</th>
            <th scope="col">
              <span className="sr-only">{d.open}</span>
            </th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={4} columns={6} />}
          {!loading &&
            items?.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDateTime(r.receivedAt)}</td>
                <td className="mono">{r.userRef}</td>
                <td className="mono">{r.requestRef ?? t.common.none}</td>
                <td>
                  <span className={r.status === 'pending' ? 'badge badge--reports' : 'badge'}>{d.statuses[r.status]}</span>
                </td>
                <td className="nowrap">{r.resolvedAt ? formatDateTime(r.resolvedAt) : t.common.none}</td>
                <td>
                  <Link to={`/disclosures/${encodeURIComponent(r.id)}`} aria-label={d.openFor(r.userRef)}>
                    {d.open}
                  </Link>
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{d.empty}</p>}
    </div>
  );
}
