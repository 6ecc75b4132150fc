import type { PutCallBody, PutCallResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { upsertAgency, upsertCall, upsertCreator, upsertPlatformUser } from '../../repositories/db/calls-repo.ts';
import { badRequest } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';

const CLOCK_SKEW_MS = 5 * 60_000;

/** Creates or updates a call with its creator, agency and user, as the platform describes them. */
export async function upsertCallFromPlatform(
  ctx: AppContext,
  audit: AuditContext,
  callRef: string,
  body: PutCallBody,
): Promise<PutCallResponse> {
  // A call that has not happened yet would set a retention timer from a time of the platform's
  // choosing. Clocks drift a little, so allow a few minutes; the schema checked the rest.
  if (Date.parse(body.endedAt) > ctx.now().getTime() + CLOCK_SKEW_MS) {
    throw badRequest('validation_failed', 'invalid request body', [
      { path: 'endedAt', message: `endedAt is in the future (more than ${CLOCK_SKEW_MS / 60_000} minutes ahead of the server's clock)` },
    ]);
  }
  return ctx.db.transaction().execute(async (tx) => {
    const agencyId = await upsertAgency(tx, body.creator.agency.ref, body.creator.agency.name);
    const creatorId = await upsertCreator(tx, body.creator.ref, body.creator.name, agencyId);
    const userId = await upsertPlatformUser(tx, body.user.ref);
    const { id, created } = await upsertCall(tx, {
      ref: callRef,
      creatorId,
      userId,
      startedAt: new Date(body.startedAt),
      endedAt: new Date(body.endedAt),
    });
    await appendAudit(tx, audit, { action: 'call.upserted', subject: { type: 'call', id }, details: { ref: callRef, created } }, ctx.now());
    return { callId: id, created };
  });
}
