import type { ShareLinkDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findShareLink, lockShareLink, markLinkRevoked } from '../../repositories/db/share-links-repo.ts';
import { endShareSessions } from '../../repositories/db/share-sessions-repo.ts';
import { assertLead } from '../access/policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { shareLinkDto } from './link-dto.ts';

/**
 * Revokes a link at once: every agency request re-checks its link, so the next one fails, even a
 * Range request of a playback under way. Revoking a revoked link changes nothing and says so.
 */
export async function revokeShareLink(ctx: AppContext, staff: StaffPrincipal, linkId: string, requestId: string): Promise<ShareLinkDto> {
  assertLead(staff, 'revoke share links');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const link = await lockShareLink(tx, linkId);
    if (!link) throw notFound('link');
    if (link.revoked_at !== null) return;
    await markLinkRevoked(tx, linkId, staff.userId, now);
    await endShareSessions(tx, { linkId }, now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'link.revoked', subject: { type: 'packet', id: link.packet_id }, details: { linkId } },
      now,
    );
  });
  const row = await findShareLink(ctx.db, linkId);
  if (!row) throw notFound('link');
  return shareLinkDto(row, ctx.now());
}
