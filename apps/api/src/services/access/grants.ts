import type { CreateGrantBody, GrantDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { findLiveGrant, insertGrant, type GrantRow } from '../../repositories/db/grants-repo.ts';
import { getRecording } from '../../repositories/db/recordings-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { assertCanHoldGrants } from './policy.ts';
import { expiredError } from '../objects/encrypted-objects.ts';

export function grantDto(g: GrantRow): GrantDto {
  return {
    id: g.id,
    purpose: g.purpose,
    reference: g.reference,
    createdAt: g.created_at.toISOString(),
    expiresAt: g.expires_at.toISOString(),
  };
}

/** Declaring a purpose and a case reference opens a short window to view one recording. */
export async function createGrant(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  body: CreateGrantBody,
  requestId: string,
): Promise<GrantDto> {
  assertCanHoldGrants(staff);
  const recording = await getRecording(ctx.db, recordingId);
  if (!recording || recording.state === 'uploading') throw notFound('recording');
  if (recording.state === 'expired' || recording.expiry_stage !== null) throw expiredError();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.config.grantMinutes * 60_000);
  return ctx.db.transaction().execute(async (tx) => {
    const grant = await insertGrant(tx, {
      staffUserId: staff.userId,
      recordingId,
      purpose: body.purpose,
      reference: body.reference,
      createdAt: now,
      expiresAt,
    });
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'grant.created',
        subject: { type: 'recording', id: recordingId },
        purpose: body.purpose,
        details: { grantId: grant.id, reference: body.reference, expiresAt: expiresAt.toISOString() },
      },
      now,
    );
    return grantDto(grant);
  });
}

/** The live grant that lets this person read this recording's content, or 403. */
export async function requireLiveGrant(ctx: AppContext, staff: StaffPrincipal, recordingId: string): Promise<GrantRow> {
  assertCanHoldGrants(staff);
  const grant = await findLiveGrant(ctx.db, staff.userId, recordingId, ctx.now());
  if (!grant) throw grantRequired();
  return grant;
}

export const grantRequired = () => new AppError(403, 'grant_required', 'declare a purpose before viewing this recording');
