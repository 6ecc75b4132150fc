import type { ClipState, PacketStatus, ShareLinkDto } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

export function PacketStatusBadge({ status }: { status: PacketStatus }) {
  const { t } = useI18n();
  return <span className={`badge badge--packet-${status}`}>{t.packets.statuses[status]}</span>;
}

export function ClipStateBadge({ state }: { state: ClipState }) {
  const { t } = useI18n();
  return <span className={`badge badge--clip-${state}`}>{t.packets.clipStates[state]}</span>;
}

export type LinkState = 'live' | 'expired' | 'revoked' | 'capped';

/** Why a link no longer works, first cause first; `live` from the server wins when it says so. */
export function linkState(link: ShareLinkDto, now: number): LinkState {
  if (link.revokedAt) return 'revoked';
  if (Date.parse(link.expiresAt) <= now) return 'expired';
  if (link.viewCap !== null && link.views >= link.viewCap) return 'capped';
  return link.live ? 'live' : 'expired';
}

export function LinkStateBadge({ state }: { state: LinkState }) {
  const { t } = useI18n();
  return <span className={`badge badge--link-${state}`}>{t.packets.links.states[state]}</span>;
}
