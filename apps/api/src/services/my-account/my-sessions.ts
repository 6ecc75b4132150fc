import type { ListSessionsResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findSessionById, liveSessionsOf, revokeSession } from '../../repositories/db/session-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

export async function mySessions(ctx: AppContext, staff: StaffPrincipal): Promise<ListSessionsResponse> {
  const now = ctx.now();
  const rows = await liveSessionsOf(ctx.db, staff.userId, now, new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000));
  return {
    items: rows.map((s) => ({
      id: s.id,
      createdAt: s.created_at.toISOString(),
      lastSeenAt: s.last_seen_at.toISOString(),
      expiresAt: s.expires_at.toISOString(),
      ip: s.ip,
      userAgent: s.user_agent,
      current: s.id === staff.sessionId,
    })),
  };
}

/**
 * Ends one of the person's own sessions (the current one included, which signs them out).
 * Someone else's session is "not found", whoever asks. Ending an ended session changes nothing.
 */
export async function revokeMySession(ctx: AppContext, staff: StaffPrincipal, sessionId: string, requestId: string): Promise<void> {
  const session = await findSessionById(ctx.db, sessionId);
  if (!session || session.user_id !== staff.userId) throw notFound('session');
  if (session.revoked_at) return;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await revokeSession(tx, sessionId, now))) return;
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'session.revoked', subject: { type: 'staff_user', id: staff.userId }, details: { sessionId } },
      now,
    );
  });
}
