import { SHARE_SESSION_MINUTES, type ShareSessionBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { countLinkView, type LinkForAccess } from '../../repositories/db/share-links-repo.ts';
import { endShareSessions, findLiveShareSession, insertShareSession } from '../../repositories/db/share-sessions-repo.ts';
import { appendAudit, recordAudit } from '../audit/audit-log.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { agencyActor, findUsableLink, isCapped, shareNotFound } from './agency-gate.ts';
import { hit, previousWindowHits, rateLimited, type RateLimit } from './rate-limits.ts';
import { hashSecret, newSecret } from './share-token.ts';

const MINUTE = 60_000;
/** Passphrase guesses per link and source address. */
export const PASSPHRASE_LIMIT: RateLimit = { name: 'share-pass', max: 10, windowMs: 15 * MINUTE, keepMs: 60 * MINUTE };
// Refusals for being over that limit are folded into one audit row per window; a link lives at
// most 30 days, so its windows are kept a little longer for the next row to report them.
const REFUSALS: RateLimit = { name: 'share-refused', max: Number.MAX_SAFE_INTEGER, windowMs: 15 * MINUTE, keepMs: 31 * 24 * 60 * MINUTE };

export interface StartedShareSession {
  /** Goes to the cookie only; the database keeps its hash. */
  credential: string;
  expiresAt: Date;
  renewed: boolean;
}

export interface StartShareSessionInput {
  token: string;
  ip: string;
  /** The kura_share cookie, if the page already has one. */
  credential: string | undefined;
  body: ShareSessionBody;
  requestId: string;
}

/**
 * Short-lived playback credentials for one link. A new session counts one view against the cap;
 * renewing a live one (the page does so while it is open) does not, and needs no passphrase.
 */
export async function startShareSession(ctx: AppContext, input: StartShareSessionInput): Promise<StartedShareSession> {
  const link = await findUsableLink(ctx, input.token);
  const live = input.credential ? await findLiveShareSession(ctx.db, link.id, hashSecret(input.credential), ctx.now()) : undefined;
  if (!live) {
    if (isCapped(link)) throw shareNotFound();
    if (link.passphrase_hash !== null) await checkPassphrase(ctx, link, input);
  }

  const credential = newSecret();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + SHARE_SESSION_MINUTES * MINUTE);
  await ctx.db.transaction().execute(async (tx) => {
    if (live) await endShareSessions(tx, { sessionId: live.id }, now);
    // Counted in one statement with the cap, revocation and expiry: parallel starts cannot overshoot.
    else if ((await countLinkView(tx, link.id, now)) === undefined) throw shareNotFound();
    const sessionId = await insertShareSession(tx, {
      linkId: link.id,
      tokenHash: hashSecret(credential),
      createdAt: now,
      expiresAt,
      ip: input.ip,
    });
    await appendAudit(
      tx,
      { actor: agencyActor(link.id), requestId: input.requestId },
      {
        action: 'share.session_started',
        subject: { type: 'packet', id: link.packet_id },
        details: { linkId: link.id, sessionId, renewed: !!live },
      },
      now,
    );
  });
  return { credential, expiresAt, renewed: !!live };
}

const passphraseRequired = (message: string) => new AppError(401, 'passphrase_required', message, { passphraseRequired: true });

/**
 * Each guess is counted before it is checked, so parallel guesses are limited too. Every wrong
 * passphrase is audited (the limit bounds them); refusals past the limit are folded, as sign-in
 * refusals are: the first of a window writes a row, the rest of that window are reported by the
 * next row (`folded`), so a burst costs one row.
 */
async function checkPassphrase(ctx: AppContext, link: LinkForAccess, input: StartShareSessionInput): Promise<void> {
  const passphrase = input.body.passphrase;
  // Not a guess: the page asks for the passphrase when told it is needed.
  if (passphrase === undefined || passphrase === '') throw passphraseRequired('this link needs its passphrase');
  const who = `${link.id}:${input.ip}`;
  const attempt = await hit(ctx.db, PASSPHRASE_LIMIT, who, ctx.now());
  if (!attempt.allowed) {
    await recordRateLimitedRefusal(ctx, link, input, who);
    throw rateLimited(attempt.retryAfter, 'too many passphrase attempts; try again later');
  }
  if (await verifyPassword(passphrase, link.passphrase_hash!)) return;
  await recordAudit(
    ctx.db,
    { actor: agencyActor(link.id), requestId: input.requestId },
    {
      action: 'share.session_refused',
      subject: { type: 'packet', id: link.packet_id },
      details: { linkId: link.id, reason: 'wrong_passphrase' },
    },
    ctx.now(),
  );
  throw passphraseRequired('wrong passphrase');
}

async function recordRateLimitedRefusal(ctx: AppContext, link: LinkForAccess, input: StartShareSessionInput, who: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const { hits } = await hit(tx, REFUSALS, who, now);
    if (hits > 1) return;
    // The row before stood for its own window's first refusal; the rest of that window are these.
    const folded = Math.max(0, (await previousWindowHits(tx, REFUSALS, who, now)) - 1);
    await appendAudit(
      tx,
      { actor: agencyActor(link.id), requestId: input.requestId },
      {
        action: 'share.session_refused',
        subject: { type: 'packet', id: link.packet_id },
        details: { linkId: link.id, reason: 'rate_limited', ...(folded > 0 ? { folded } : {}) },
      },
      now,
    );
  });
}
