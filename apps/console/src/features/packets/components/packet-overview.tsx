import type { PacketDetailDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** What the packet is, who it goes to (fixed: the creator's agency), who made and approved it. */
export function PacketOverview({ packet: p }: { packet: PacketDetailDto }) {
  const { t } = useI18n();
  const d = t.packets.detail;
  const none = t.common.none;
  return (
    <section className="panel" aria-labelledby="packet-overview-heading">
      <h2 id="packet-overview-heading" className="panel__title">
        {d.overview}
      </h2>
      <p className="packet-summary">{p.summary}</p>
      <dl className="meta-grid">
        <Row label={d.recipient}>
          <strong>{p.agency.name}</strong> <span className="muted mono">({p.agency.ref})</span>
          <p className="recipient-note">{t.packets.recipientFixed}</p>
        </Row>
        <Row label={d.creator}>
          {p.creator.name} <span className="muted mono">({p.creator.ref})</span>
        </Row>
        <Row label={d.call}>
          <Link to={`/recordings/${encodeURIComponent(p.recordingId)}`} aria-label={d.openRecording(p.callRef)} className="mono">
            {p.callRef}
          </Link>
        </Row>
        <Row label={d.userRef}>
          <span className="mono">{p.userRef}</span> {p.involvesMinor && <span className="badge badge--minor">{d.involvesMinor}</span>}
        </Row>
        <Row label={d.author}>{p.author.displayName}</Row>
        <Row label={d.approver}>{p.approvedBy?.displayName ?? none}</Row>
        <Row label={d.createdAt}>{formatDateTime(p.createdAt, { seconds: true })}</Row>
        <Row label={d.approvedAt}>{p.approvedAt ? formatDateTime(p.approvedAt, { seconds: true }) : none}</Row>
        <Row label={d.sharedAt}>{p.sharedAt ? formatDateTime(p.sharedAt, { seconds: true }) : none}</Row>
      </dl>
    </section>
  );
}
