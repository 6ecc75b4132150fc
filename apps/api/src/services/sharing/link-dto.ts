import type { ShareLinkDto } from '@kura/contracts';
import type { ShareLinkRow } from '../../repositories/db/share-links-repo.ts';

/** Usable right now: not revoked, not expired, and views left (a cap counts started sessions). */
export function linkIsLive(l: { revoked_at: Date | null; expires_at: Date; view_cap: number | null; views: number }, now: Date): boolean {
  return l.revoked_at === null && l.expires_at > now && (l.view_cap === null || l.views < l.view_cap);
}

export function shareLinkDto(l: ShareLinkRow, now: Date): ShareLinkDto {
  return {
    id: l.id,
    recipientName: l.recipient_name,
    createdBy: { id: l.created_by, displayName: l.created_by_name },
    createdAt: l.created_at.toISOString(),
    expiresAt: l.expires_at.toISOString(),
    viewCap: l.view_cap,
    views: l.views,
    passphrase: l.passphrase_hash !== null,
    allowDownload: l.allow_download,
    revokedAt: l.revoked_at?.toISOString() ?? null,
    revokedBy: l.revoked_by ? { id: l.revoked_by, displayName: l.revoked_by_name ?? '' } : null,
    live: linkIsLive(l, now),
  };
}
