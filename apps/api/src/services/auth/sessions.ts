import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { insertAttempt, lockAttemptKeys, markAttemptSucceeded, nthRecentFailure } from '../../repositories/db/login-attempt-repo.ts';
import { findSessionByTokenHash, insertSession, revokeSession, touchSession } from '../../repositories/db/session-repo.ts';
import { findStaffByEmail } from '../../repositories/db/staff-repo.ts';
import { appendAudit, recordAudit } from '../audit/audit-log.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { StaffPrincipal } from './principal.ts';

const ATTEMPT_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
// Higher than per email: several staff may sit behind one office NAT.
const MAX_FAILURES_PER_IP = 20;
// last_seen_at is written at most this often, so the idle timeout may act up to a minute early.
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const CSRF_LABEL = 'kura-csrf-v1';
// Before a password checks out nobody is authenticated: the actor is anonymous (never looked up
// as staff), and the claimed account is the subject.
const ANONYMOUS = { type: 'anonymous', id: 'anonymous' } as const;

type FailureReason = 'bad_credentials' | 'disabled' | 'rate_limited';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export interface LoginResult {
  /** The raw session token: goes to the cookie only; the database keeps its SHA-256. */
  token: string;
  principal: StaffPrincipal;
}

const invalidCredentials = () => new AppError(401, 'invalid_credentials', 'wrong email or password');

export async function login(ctx: AppContext, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const attemptId = await admitAttempt(ctx, email, input.ip, input.requestId);
  const user = await findStaffByEmail(ctx.db, email);
  // Unknown emails still pay for a hash check: timing must not tell which accounts exist.
  const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk || user.disabled_at) {
    await auditFailure(ctx, email, user?.id, passwordOk ? 'disabled' : 'bad_credentials', input.requestId);
    throw invalidCredentials();
  }

  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const sessionId = await ctx.db.transaction().execute(async (tx) => {
    await markAttemptSucceeded(tx, attemptId);
    const { id } = await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      at: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    });
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: user.id }, requestId: input.requestId },
      { action: 'auth.login', subject: { type: 'staff_user', id: user.id }, details: { sessionId: id } },
      now,
    );
    return id;
  });
  return {
    token,
    principal: {
      userId: user.id,
      email: user.email,
      displayName: user.display_name,
      roles: user.roles,
      sessionId,
      csrfToken: csrfTokenFor(token),
    },
  };
}

/**
 * Checks the failure counts and records this attempt as failed in one locked step, before the
 * password is looked at: parallel guesses are counted too. Success flips the row afterwards.
 */
async function admitAttempt(ctx: AppContext, email: string, ip: string, requestId: string): Promise<number> {
  const now = ctx.now();
  const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS);
  const outcome = await ctx.db.transaction().execute(async (tx): Promise<{ attemptId: number } | { retryAt: number }> => {
    await lockAttemptKeys(tx, email, ip);
    const blockers = [
      await nthRecentFailure(tx, { by: 'email', value: email, since, nth: MAX_FAILURES_PER_EMAIL }),
      await nthRecentFailure(tx, { by: 'ip', value: ip, since, nth: MAX_FAILURES_PER_IP }),
    ].filter((d): d is Date => d !== undefined);
    if (blockers.length > 0) return { retryAt: Math.max(...blockers.map((d) => d.getTime())) + ATTEMPT_WINDOW_MS };
    return { attemptId: await insertAttempt(tx, { email, ip, succeeded: false, at: now }) };
  });
  if ('attemptId' in outcome) return outcome.attemptId;

  // A refusal is not recorded as an attempt: it checked no password, and counting it would let
  // retries (or an attacker) keep an account locked for ever.
  const user = await findStaffByEmail(ctx.db, email);
  await auditFailure(ctx, email, user?.id, 'rate_limited', requestId);
  const retryAfter = Math.max(1, Math.ceil((outcome.retryAt - now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', 'too many failed sign-in attempts; try again later', undefined, {
    'Retry-After': String(retryAfter),
  });
}

/** Its own transaction: a failed sign-in changes nothing else that it could commit with. */
async function auditFailure(
  ctx: AppContext,
  email: string,
  userId: string | undefined,
  reason: FailureReason,
  requestId: string,
): Promise<void> {
  // An unknown email may be anyone's address, so it is kept only as a short digest: enough to
  // link repeated tries against it, not enough to read back.
  const subjectId = userId ?? `unknown:${createHash('sha256').update(email).digest('hex').slice(0, 12)}`;
  await recordAudit(
    ctx.db,
    { actor: ANONYMOUS, requestId },
    { action: 'auth.login_failed', subject: { type: 'staff_user', id: subjectId }, details: { reason } },
    ctx.now(),
  );
}

/** Null for anything that is not a live session of an enabled user. */
export async function resolveSession(ctx: AppContext, token: string): Promise<StaffPrincipal | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const s = await findSessionByTokenHash(ctx.db, hashToken(token));
  if (!s) return null;
  const now = ctx.now().getTime();
  const idleMs = now - s.lastSeenAt.getTime();
  const dead =
    s.revokedAt !== null || s.disabledAt !== null || now >= s.expiresAt.getTime() || idleMs > ctx.config.sessionIdleMinutes * 60_000;
  if (dead) return null;
  if (idleMs >= TOUCH_INTERVAL_MS) await touchSession(ctx.db, s.sessionId, new Date(now));
  return {
    userId: s.userId,
    email: s.email,
    displayName: s.displayName,
    roles: s.roles,
    sessionId: s.sessionId,
    csrfToken: csrfTokenFor(token),
  };
}

export async function logout(ctx: AppContext, principal: StaffPrincipal, requestId: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await revokeSession(tx, principal.sessionId, now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: principal.userId }, requestId },
      { action: 'auth.logout', subject: { type: 'staff_user', id: principal.userId }, details: { sessionId: principal.sessionId } },
      now,
    );
  });
}

/**
 * Derived from the session token rather than stored: nothing to persist, the same value after
 * a page reload, and useless to anyone who does not already hold the cookie.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update(CSRF_LABEL).digest('base64url');
}

export function csrfTokenMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
