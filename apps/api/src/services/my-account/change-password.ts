import type { ChangePasswordBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, badRequest, unauthorized } from '../../lib/errors.ts';
import { insertAttempt, lockAttemptKeys, markAttemptSucceeded, nthRecentFailure } from '../../repositories/db/login-attempt-repo.ts';
import { revokeOtherSessions } from '../../repositories/db/session-repo.ts';
import { passwordHashOf, setPasswordHash } from '../../repositories/db/staff-admin-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';

// The same window and limit as sign-in, and the same counters: guessing the current password
// from a borrowed session is as slow as guessing it at the login form.
const ATTEMPT_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;

/**
 * Changing one's password needs the current one, and ends every other session of the person (a
 * device that may know the old password is signed out); this one stays. The audit event carries
 * how many sessions ended, never anything about either password.
 */
export async function changeMyPassword(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: ChangePasswordBody,
  ip: string,
  requestId: string,
): Promise<void> {
  const account = await passwordHashOf(ctx.db, staff.userId);
  if (!account) throw unauthorized();
  const attemptId = await admitAttempt(ctx, account.email, ip);
  if (!(await verifyPassword(body.currentPassword, account.passwordHash))) {
    throw badRequest('wrong_password', 'the current password is not correct');
  }
  const passwordHash = await hashPassword(body.newPassword);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    await markAttemptSucceeded(tx, attemptId);
    await setPasswordHash(tx, staff.userId, passwordHash, now);
    const sessionsRevoked = await revokeOtherSessions(tx, staff.userId, staff.sessionId, now);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'staff.password_changed', subject: { type: 'staff_user', id: staff.userId }, details: { sessionsRevoked } },
      now,
    );
  });
}

/** Records the try as failed before the password is checked, so parallel guesses count too. */
async function admitAttempt(ctx: AppContext, email: string, ip: string): Promise<number> {
  const now = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (tx): Promise<{ attemptId: number } | { retryAt: number }> => {
    await lockAttemptKeys(tx, email, ip);
    const blocker = await nthRecentFailure(tx, {
      by: 'email',
      value: email,
      since: new Date(now.getTime() - ATTEMPT_WINDOW_MS),
      nth: MAX_FAILURES_PER_EMAIL,
      withRefusals: false,
    });
    if (blocker) return { retryAt: blocker.getTime() + ATTEMPT_WINDOW_MS };
    return { attemptId: await insertAttempt(tx, { email, ip, succeeded: false, at: now }) };
  });
  if ('attemptId' in outcome) return outcome.attemptId;
  const retryAfter = Math.max(1, Math.ceil((outcome.retryAt - now.getTime()) / 1000));
  throw new AppError(429, 'rate_limited', 'too many wrong passwords; try again later', undefined, { 'Retry-After': String(retryAfter) });
}
