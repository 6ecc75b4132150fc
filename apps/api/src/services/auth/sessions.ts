import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import type { DbTx, StaffUser } from '@kura/db';
import {
  countUnreportedRefusals,
  insertAttempt,
  lockAttemptKeys,
  markAttemptSucceeded,
  markRefusalsReported,
  nthRecentFailure,
  refusalReportedSince,
} from '../../repositories/db/login-attempt-repo.ts';
import {
  findSessionByTokenHash,
  insertSession,
  revokeSession,
  touchSession,
  type SessionWithUser,
} from '../../repositories/db/session-repo.ts';
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
  // Before the attempt is counted: with passwords off there is nothing to guess at.
  if (!ctx.config.localLogin) {
    throw new AppError(403, 'local_login_disabled', 'sign-in with a password is switched off; use the company account (SSO)');
  }
  const email = input.email.trim().toLowerCase();
  const attemptId = await admitAttempt(ctx, email, input.ip, input.requestId);
  const user = await findStaffByEmail(ctx.db, email);
  // Unknown emails still pay for a hash check: timing must not tell which accounts exist.
  const passwordOk = user ? await verifyPassword(input.password, user.password_hash) : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk || user.disabled_at) {
    await auditFailure(ctx, email, user?.id, passwordOk ? 'disabled' : 'bad_credentials', input.requestId);
    throw invalidCredentials();
  }

  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    await markAttemptSucceeded(tx, attemptId);
    return openSession(ctx, tx, user, { ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, method: 'password' }, now);
  });
}

interface SessionRequest {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/** How the person proved who they are; recorded on the auth.login row. */
export type SessionOrigin = SessionRequest &
  (
    | { method: 'password' }
    /** `linked`: this sign-in tied the provider's identity to the staff account for the first time. */
    | { method: 'oidc'; issuer: string; linked: boolean }
  );

/**
 * Opens a session for someone who has just proved who they are, and writes its auth.login row,
 * in the caller's transaction: every way of signing in ends here, so sessions are alike.
 */
export async function openSession(
  ctx: AppContext,
  tx: DbTx,
  user: Pick<StaffUser, 'id' | 'email' | 'display_name' | 'roles'>,
  origin: SessionOrigin,
  now: Date,
): Promise<LoginResult> {
  const token = randomBytes(32).toString('base64url');
  const { id: sessionId } = await insertSession(tx, {
    tokenHash: hashToken(token),
    userId: user.id,
    at: now,
    expiresAt: new Date(now.getTime() + ctx.config.sessionMaxHours * 3_600_000),
    ip: origin.ip,
    userAgent: origin.userAgent?.slice(0, 512) ?? null,
  });
  await appendAudit(
    tx,
    { actor: { type: 'staff', id: user.id }, requestId: origin.requestId },
    {
      action: 'auth.login',
      subject: { type: 'staff_user', id: user.id },
      details:
        origin.method === 'oidc'
          ? { sessionId, method: 'oidc', issuer: origin.issuer, ...(origin.linked ? { linked: true as const } : {}) }
          : { sessionId, method: 'password' },
    },
    now,
  );
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
  const outcome = await ctx.db.transaction().execute(async (tx): Promise<{ attemptId: number } | { retryAt: number }> => {
    await lockAttemptKeys(tx, email, ip);
    const retryAt = await lockedUntil(tx, email, ip, now);
    if (retryAt === null) return { attemptId: await insertAttempt(tx, { email, ip, succeeded: false, at: now }) };
    await recordRefusal(tx, email, ip, now, requestId);
    return { retryAt };
  });
  if ('attemptId' in outcome) return outcome.attemptId;

  const retryAfter = Math.max(1, Math.ceil((outcome.retryAt - now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', 'too many failed sign-in attempts; try again later', undefined, {
    'Retry-After': String(retryAfter),
  });
}

/**
 * When this email or address may try again, or null if it may now.
 *
 * A key is locked once it has `max` failures in the last window. Refusals count as failures, so
 * hammering a locked account (or locked address) keeps it locked: each refusal moves the window.
 * But a refusal checked no password, and a person retrying by hand, or an attacker keeping a
 * victim out, must not extend a lock for ever: no lock lasts past twice the window after the
 * wrong passwords that caused it. To lock an account for longer, one has to spend real guesses,
 * which are limited anyway.
 */
async function lockedUntil(tx: DbTx, email: string, ip: string, now: Date): Promise<number | null> {
  const t = now.getTime();
  const blockers: number[] = [];
  for (const [by, value, max] of [
    ['email', email, MAX_FAILURES_PER_EMAIL],
    ['ip', ip, MAX_FAILURES_PER_IP],
  ] as const) {
    const guesses = await nthRecentFailure(tx, { by, value, since: new Date(t - 2 * ATTEMPT_WINDOW_MS), nth: max, withRefusals: false });
    if (!guesses) continue;
    const counted = await nthRecentFailure(tx, { by, value, since: new Date(t - ATTEMPT_WINDOW_MS), nth: max, withRefusals: true });
    if (!counted) continue;
    const until = Math.min(counted.getTime() + ATTEMPT_WINDOW_MS, guesses.getTime() + 2 * ATTEMPT_WINDOW_MS);
    if (until > t) blockers.push(until);
  }
  return blockers.length > 0 ? Math.max(...blockers) : null;
}

/**
 * Every refusal is counted in login_attempts; the audit chain gets at most one row per email and
 * address per window. The first refusal of a pair writes its row at once; refusals of the same
 * pair within a window after that row are folded: counted in the ledger only (audit_seq null).
 * The pair's next row, a window or more later, reports them: its `refusals` is itself plus all
 * folded since, and marks them reported. So the chain's rows and the ledger's pending refusals
 * add up to every refusal there was; none is lost, and a burst costs one permanent row. Runs
 * inside the attempt keys' lock, so parallel refusals cannot both think they are first.
 */
async function recordRefusal(tx: DbTx, email: string, ip: string, now: Date, requestId: string): Promise<void> {
  await insertAttempt(tx, { email, ip, succeeded: false, refused: true, at: now });
  if (await refusalReportedSince(tx, email, ip, new Date(now.getTime() - ATTEMPT_WINDOW_MS))) return;
  const refusals = await countUnreportedRefusals(tx, email, ip);
  const user = await findStaffByEmail(tx, email);
  const seq = await appendAudit(
    tx,
    { actor: ANONYMOUS, requestId },
    { action: 'auth.login_failed', subject: failureSubject(email, user?.id), details: { reason: 'rate_limited', refusals } },
    now,
  );
  await markRefusalsReported(tx, email, ip, seq);
}

/** Its own transaction: a failed sign-in changes nothing else that it could commit with. */
async function auditFailure(
  ctx: AppContext,
  email: string,
  userId: string | undefined,
  reason: 'bad_credentials' | 'disabled',
  requestId: string,
): Promise<void> {
  await recordAudit(
    ctx.db,
    { actor: ANONYMOUS, requestId },
    { action: 'auth.login_failed', subject: failureSubject(email, userId), details: { reason } },
    ctx.now(),
  );
}

// An unknown email may be anyone's address, so it is kept only as a short digest: enough to link
// repeated tries against it, not enough to read back.
function failureSubject(email: string, userId: string | undefined): { type: 'staff_user'; id: string } {
  return { type: 'staff_user', id: userId ?? `unknown:${createHash('sha256').update(email).digest('hex').slice(0, 12)}` };
}

/** Null for anything that is not a live session of an enabled user. */
export async function resolveSession(ctx: AppContext, token: string): Promise<StaffPrincipal | null> {
  const tokenHash = sessionTokenHash(token);
  if (!tokenHash) return null;
  return livePrincipal(ctx, token, await findSessionByTokenHash(ctx.db, tokenHash));
}

/** What sessions are looked up by; null for a token that cannot be one (no lookup needed). */
export function sessionTokenHash(token: string): string | null {
  return TOKEN_SHAPE.test(token) ? hashToken(token) : null;
}

/**
 * The principal behind a session row found by this token's hash, or null unless the session is
 * live and its user enabled. For callers that fetch the row together with other data.
 */
export async function livePrincipal(ctx: AppContext, token: string, s: SessionWithUser | undefined): Promise<StaffPrincipal | null> {
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
