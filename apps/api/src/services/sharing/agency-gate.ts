import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { findLinkByTokenHash, type LinkForAccess } from '../../repositories/db/share-links-repo.ts';
import { findLiveShareSession } from '../../repositories/db/share-sessions-repo.ts';
import type { Actor } from '../audit/events.ts';
import { enforce, type RateLimit } from './rate-limits.ts';
import { hashSecret } from './share-token.ts';

// Every agency request passes here: the per-source limits, then the link (usable right now?),
// then the session credential (live, and of this very link). Nothing is cached between requests,
// so revocation and expiry take effect on the next one, also in the middle of a playback.

export const SHARE_COOKIE = 'kura_share';

/** One answer for every token that does not work: wrong, expired, revoked, capped, tampered. */
export const shareNotFound = () => new AppError(404, 'not_found', 'not found');

const MINUTE = 60_000;

function requestLimits(ctx: AppContext): RateLimit[] {
  const perToken = ctx.config.shareRequestsPerMinute;
  return [
    // Checked first: once an address is over, it stops adding counters for made-up tokens too.
    { name: 'share-ip', max: perToken * 10, windowMs: MINUTE, keepMs: 10 * MINUTE },
    { name: 'share-req', max: perToken, windowMs: MINUTE, keepMs: 10 * MINUTE },
  ];
}

/** Counts the request against the limits of its source and token (valid or not): 429 past them. */
export async function admitShareRequest(ctx: AppContext, token: string, ip: string): Promise<void> {
  const [perIp, perToken] = requestLimits(ctx) as [RateLimit, RateLimit];
  const now = ctx.now();
  await enforce(ctx.db, perIp, ip, now);
  // The token's hash, not the token: counters are data at rest like any other.
  await enforce(ctx.db, perToken, `${hashSecret(token)}:${ip}`, now);
}

export const agencyActor = (linkId: string): Actor => ({ type: 'agency', id: linkId });

export const isCapped = (link: Pick<LinkForAccess, 'view_cap' | 'views'>) => link.view_cap !== null && link.views >= link.view_cap;

/** The link of a token if it can be used now (a capped one still serves its live sessions). */
export async function findUsableLink(ctx: AppContext, token: string): Promise<LinkForAccess> {
  // Hashed and looked up whatever its shape, so a malformed token costs the same as a wrong one.
  const link = await findLinkByTokenHash(ctx.db, hashSecret(token));
  if (!link || link.revoked_at !== null || link.expires_at <= ctx.now() || link.packet_status !== 'shared') throw shareNotFound();
  return link;
}

export interface ShareAccess {
  link: LinkForAccess;
  sessionId: string;
  sessionExpiresAt: Date;
}

/** A usable link and a live session of it, or the refusal an outsider may see. */
export async function requireShareSession(ctx: AppContext, token: string, credential: string | undefined): Promise<ShareAccess> {
  const link = await findUsableLink(ctx, token);
  const session = credential ? await findLiveShareSession(ctx.db, link.id, hashSecret(credential), ctx.now()) : undefined;
  if (!session) {
    // Views used up and no session of its own: as dead as a wrong token.
    if (isCapped(link)) throw shareNotFound();
    throw new AppError(401, 'session_required', 'open the link again to start a viewing session', {
      passphraseRequired: link.passphrase_hash !== null,
    });
  }
  return { link, sessionId: session.id, sessionExpiresAt: session.expires_at };
}
