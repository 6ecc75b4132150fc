import type { ProvisionRecordDto } from '@kura/contracts';
import { Link } from 'react-router';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import './provision.css';

interface ProvisionTableProps {
  items: ProvisionRecordDto[] | undefined;
  loading: boolean;
  updating: boolean;
}

/** 第三者提供記録: date, recipient, data subject, items, basis, packet, approver, kept until. */
export function ProvisionTable({ items, loading, updating }: ProvisionTableProps) {
  const { t } = useI18n();
  const p = t.packets.provision;
  return (
    <div className="table-wrap">
      <table className="table table--audit" aria-label={p.table} aria-busy={loading || updating}>
        <thead>
          <tr>
            <th scope="col">{p.providedAt}</th>
            <th scope="col">{p.recipient}</th>
            <th scope="col">{p.dataSubject}</th>
            <th scope="col">{p.items}</th>
            <th scope="col">{p.basis}</th>
            <th scope="col">{p.packet}</th>
            <th scope="col">{p.approvedBy}</th>
            <th scope="col">{p.retainUntil}</th>
          </tr>
        </thead>
        <tbody className={updating ? 'is-updating' : undefined}>
          {loading && <SkeletonRows rows={6} columns={8} />}
          {!loading &&
            items?.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDateTime(r.providedAt, { seconds: true })}</td>
                <td className="nowrap">
                  <span className="cell-main">{r.recipient.name}</span>
                  <span className="cell-sub">{r.recipient.ref}</span>
                </td>
                <td className="nowrap">
                  <span className="cell-main">{p.subjectTypes[r.subject.type]}</span>
                  <span className="cell-sub">{r.subject.ref}</span>
                </td>
                <td>{r.items}</td>
                <td>
                  <span className="cell-main">{r.basis}</span>
                  <span className="cell-sub">{p.policyVersion(r.privacyPolicyVersion)}</span>
                </td>
                <td className="nowrap">
                  <Link to={`/packets/${encodeURIComponent(r.packetId)}`} className="mono" title={r.packetId}>
                    {r.packetId.slice(0, 8)}
                  </Link>
                </td>
                <td className="nowrap">{r.approvedBy.displayName}</td>
                <td className="nowrap">{formatDateTime(r.retainUntil)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {!loading && items?.length === 0 && <p className="empty-state">{p.empty}</p>}
    </div>
  );
}
