import type { PacketDetailDto, StaffUserDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { useI18n } from '@/lib/i18n';
import { PacketStatusBadge } from './badges';
import { ApprovalPanel } from './approval-panel';
import { CustodyTrail } from './custody-trail';
import { LinksPanel } from './links-panel';
import { ManifestPanel } from './manifest-panel';
import { PacketClips, type PreviewAccess } from './packet-clips';
import { PacketFlags } from './packet-flags';
import { PacketOverview } from './packet-overview';
import { RepliesPanel } from './replies-panel';
import './packets.css';

interface PacketViewProps {
  packet: PacketDetailDto;
  user: StaffUserDto | null;
  access: PreviewAccess;
  /** The page's h1 (the route owns focus on navigation). */
  renderHeading: (title: string) => ReactNode;
}

/** One packet for staff: what it holds, approval, links, replies, the manifest and the custody trail. */
export function PacketView({ packet, user, access, renderHeading }: PacketViewProps) {
  const { t } = useI18n();
  const d = t.packets.detail;
  return (
    <>
      <div className="page__head">
        {renderHeading(packet.title)}
        <PacketStatusBadge status={packet.status} />
        {packet.involvesMinor && <span className="badge badge--minor">{t.packets.minor}</span>}
      </div>
      {packet.recipientChanged && (
        <div role="alert" className="alert alert--error banner">
          <p className="alert__title">{d.recipientChangedTitle}</p>
          <p>{d.recipientChanged}</p>
        </div>
      )}
      {packet.status === 'failed' && (
        <div role="alert" className="alert alert--error banner">
          <p className="alert__title">{d.failedTitle}</p>
          {packet.failureReason && <p>{d.failedReason(packet.failureReason)}</p>}
        </div>
      )}
      <div className="detail-grid">
        <div className="detail-grid__main">
          <PacketOverview packet={packet} />
          <PacketClips packet={packet} access={access} />
          <LinksPanel packet={packet} user={user} />
          <RepliesPanel replies={packet.replies} />
          <CustodyTrail packetId={packet.id} packet={packet} />
        </div>
        <div className="detail-grid__side">
          <ApprovalPanel packet={packet} user={user} />
          <PacketFlags packet={packet} />
          <ManifestPanel packetId={packet.id} manifest={packet.manifest} />
        </div>
      </div>
    </>
  );
}
