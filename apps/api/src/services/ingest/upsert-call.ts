import type { PutCallBody, PutCallResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { upsertAgency, upsertCall, upsertCreator, upsertPlatformUser } from '../../repositories/db/calls-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';

/** Creates or updates a call with its creator, agency and user, as the platform describes them. */
export async function upsertCallFromPlatform(
  ctx: AppContext,
  audit: AuditContext,
  callRef: string,
  body: PutCallBody,
): Promise<PutCallResponse> {
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
