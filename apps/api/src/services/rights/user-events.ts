import type { PostUserEventBody, UserEventDto } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { badRequest, conflict, notFound } from '../../lib/errors.ts';
import { enqueueJob } from '../../repositories/db/jobs-repo.ts';
import { clearPacketApproval } from '../../repositories/db/packets-repo.ts';
import {
  callsWithOpenItemsOfUser,
  findPlatformUserByRef,
  findUserEvent,
  findUserEventByRequestRef,
  insertUserEvent,
  lockPlatformUser,
  markUnsharedPacketsMinor,
  recordingIdsOfUser,
  setMinor,
  setWithdrawnAt,
  type UserEventRow,
} from '../../repositories/db/user-events-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext, AuditEventInput } from '../audit/events.ts';
import { recomputeRetention } from '../retention/recompute.ts';

const CLOCK_SKEW_MS = 5 * 60_000;

export function userEventDto(e: Pick<UserEventRow, 'id' | 'type' | 'status' | 'status_reason'>): UserEventDto {
  return { id: e.id, type: e.type, status: e.status, ...(e.status === 'refused' && e.status_reason ? { reason: e.status_reason } : {}) };
}

/**
 * What the platform tells Kura about one of its users. Withdrawal and minor status apply at
 * once (status done); a deletion request waits for the retention job, which honours or refuses it;
 * a disclosure request waits for a lead or admin to produce the export. A retry with the same
 * (type, requestRef) answers the first event and changes nothing.
 */
export async function receiveUserEvent(
  ctx: AppContext,
  audit: AuditContext,
  body: PostUserEventBody,
): Promise<{ event: UserEventDto; created: boolean }> {
  const at = new Date(body.at);
  if (at.getTime() > ctx.now().getTime() + CLOCK_SKEW_MS) {
    throw badRequest('validation_failed', 'invalid request body', [
      { path: 'at', message: `at is in the future (more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of the server's clock)` },
    ]);
  }
  const requestRef = body.requestRef ?? null;
  const replay = async () => {
    const earlier = requestRef ? await findUserEventByRequestRef(ctx.db, body.type, requestRef) : undefined;
    if (!earlier) return undefined;
    // The same request id cannot stand for two users' requests: the platform has a bug to fix.
    if (earlier.user_ref !== body.userRef) throw conflict('request_ref_conflict', 'this requestRef was already used for another user');
    return { event: userEventDto(earlier), created: false };
  };
  const first = await replay();
  if (first) return first;

  const user = await findPlatformUserByRef(ctx.db, body.userRef);
  if (!user) throw notFound('user');

  const now = ctx.now();
  const status = body.type === 'deletion_request' || body.type === 'disclosure_request' ? 'pending' : 'done';
  const id = await ctx.db.transaction().execute(async (tx) => {
    await lockPlatformUser(tx, user.id);
    const eventId = await insertUserEvent(tx, { userId: user.id, type: body.type, at, requestRef, receivedAt: now, status });
    // Another request with the same requestRef committed between our look and our insert.
    if (!eventId) return null;
    const recordings = await recordingIdsOfUser(tx, user.id);
    const followUps = await applyEvent(tx, body.type, user.id, at, recordings, now);
    await appendAudit(
      tx,
      audit,
      {
        action: 'user_event.received',
        subject: { type: 'platform_user', id: user.id },
        details: { eventId, type: body.type, requestRef, at: at.toISOString(), recordings: recordings.length },
      },
      now,
    );
    for (const e of followUps) await appendAudit(tx, audit, e, now);
    return eventId;
  });
  if (id === null) {
    const raced = await replay();
    if (!raced) throw new Error('user event vanished after a requestRef conflict');
    return raced;
  }
  const row = await findUserEvent(ctx.db, id);
  return { event: userEventDto(row!), created: true };
}

/** The event's effect on the user and their recordings; answers audit events to append last. */
async function applyEvent(
  tx: DbTx,
  type: PostUserEventBody['type'],
  userId: string,
  at: Date,
  recordings: string[],
  now: Date,
): Promise<AuditEventInput[]> {
  switch (type) {
    case 'withdrawal':
      await setWithdrawnAt(tx, userId, at);
      await recomputeRetention(tx, recordings, now);
      return [];
    case 'deletion_request':
      // Pending from now: the timers make the recordings due, and the next run honours or refuses it.
      await recomputeRetention(tx, recordings, now);
      return [];
    case 'disclosure_request':
      return [];
    case 'minor':
    case 'not_minor':
      return applyMinor(tx, userId, type === 'minor');
  }
}

/**
 * A minor's recordings are blurred and rank higher (both read is_minor), and packets about them
 * need a lead's explicit confirmation: packets not yet shared are marked, and an approval given
 * without that confirmation is withdrawn. not_minor never unmarks a packet: a flag or report may
 * have said so too, and a lead confirming once too often costs little.
 */
async function applyMinor(tx: DbTx, userId: string, minor: boolean): Promise<AuditEventInput[]> {
  await setMinor(tx, userId, minor);
  // One job rescores every open item of the call's user (and creator), so one call is enough.
  const [callId] = await callsWithOpenItemsOfUser(tx, userId);
  if (callId) await enqueueJob(tx, 'review.rescore', { callId });
  if (!minor) return [];
  const events: AuditEventInput[] = [];
  for (const p of await markUnsharedPacketsMinor(tx, userId)) {
    if (p.status !== 'approved' || p.minor_confirmed) continue;
    await clearPacketApproval(tx, p.id);
    events.push({
      action: 'packet.approval_withdrawn',
      subject: { type: 'packet', id: p.id },
      details: { reason: 'the platform reported the user as a minor: approval needs a lead to confirm it' },
    });
  }
  return events;
}

/** The platform asks how an event ended; an unknown id is a plain 404. */
export async function userEventStatus(ctx: AppContext, id: string): Promise<UserEventDto> {
  const row = await findUserEvent(ctx.db, id);
  if (!row) throw notFound('user event');
  return userEventDto(row);
}
