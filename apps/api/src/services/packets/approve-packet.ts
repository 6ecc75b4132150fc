import type { ApprovePacketBody, PacketDetailDto, ReasonBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { clearPacketApproval, linkCount, lockPacket, markPacketApproved } from '../../repositories/db/packets-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { signDocument } from '../signing/signed-document.ts';
import { buildManifest } from './manifest.ts';
import { loadPacketDetail } from './packet-dto.ts';
import { assertRecipientUnchanged } from './recipient.ts';

const NOT_READY: Record<string, string> = {
  cutting: 'its clips are still being cut',
  failed: 'a clip could not be cut; make a new packet',
};

/**
 * The second person (DESIGN.md rule 5): a lead other than the author approves. A packet that
 * involves a minor needs that lead to say so explicitly. Approval builds the manifest and signs
 * it with the key ring's active signing key; the signed manifest is what the agency can verify.
 */
export async function approvePacket(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  body: ApprovePacketBody,
  requestId: string,
): Promise<PacketDetailDto> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const p = await lockPacket(tx, id);
    if (!p) throw notFound('packet');
    if (p.author_id === staff.userId) throw new AppError(403, 'own_packet', 'a packet is approved by a lead other than its author');
    if (p.status === 'approved' || p.status === 'shared') throw conflict('already_approved', 'the packet is approved already');
    if (p.status !== 'ready') throw conflict('packet_not_ready', `the packet cannot be approved yet: ${NOT_READY[p.status] ?? p.status}`);
    const minorConfirmed = p.involves_minor && body.confirmMinor === true;
    if (p.involves_minor && !minorConfirmed) {
      throw conflict(
        'minor_confirmation_required',
        'this packet involves a minor: approving it needs your explicit confirmation (confirmMinor)',
      );
    }
    await assertRecipientUnchanged(tx, p);
    const manifest = await buildManifest(tx, id, { id: staff.userId, displayName: staff.displayName }, now);
    const signed = await signDocument(ctx, { ...manifest });
    await markPacketApproved(tx, id, { approvedBy: staff.userId, approvedAt: now, minorConfirmed, manifest: signed });
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'packet.approved',
        subject: { type: 'packet', id },
        details: { minorConfirmed, manifestKeyId: signed.signature.keyId },
      },
      now,
    );
  });
  return (await loadPacketDetail(ctx.db, id, ctx.now()))!;
}

/**
 * Takes an approval back while no link was ever made for the packet; once one was, the agency
 * may have seen it, and only revoking links stops further access. The manifest goes with the
 * approval: a later approval signs a new one.
 */
export async function withdrawApproval(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  body: ReasonBody,
  requestId: string,
): Promise<PacketDetailDto> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const p = await lockPacket(tx, id);
    if (!p) throw notFound('packet');
    if (p.shared_at !== null || p.status === 'shared' || (await linkCount(tx, id)) > 0) {
      throw conflict('already_shared', 'a link was made for this packet: its approval stands, and access ends by revoking the links');
    }
    if (p.status !== 'approved') throw conflict('not_approved', 'the packet is not approved');
    await clearPacketApproval(tx, id);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'packet.approval_withdrawn', subject: { type: 'packet', id }, details: { reason: body.reason } },
      now,
    );
  });
  return (await loadPacketDetail(ctx.db, id, ctx.now()))!;
}
