import type { CreateShareLinkBody, CreateShareLinkResponse } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.ts';
import { insertShareLink } from '../../repositories/db/share-links-repo.ts';
import { lockPacketForSharing, markPacketShared, type PacketForSharing } from '../../repositories/db/share-packet-repo.ts';
import { assertLead } from '../access/policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { hashPassword } from '../auth/passwords.ts';
import { writeProvisionRecords } from './provision.ts';
import { hashSecret, newSecret } from './share-token.ts';
import { addDays } from '../retention/policy.ts';
import { recomputeRetention } from '../retention/recompute.ts';
import { loadRetentionSettings } from '../retention/retention-settings.ts';

const DAY_MS = 86_400_000;

/**
 * A scoped link for the creator's agency (DESIGN.md rule 4): the packet's recipient was fixed when
 * it was made, so nothing here names one; if the creator has since moved agency, sharing stops.
 * The first link makes the packet shared: in the same transaction the clips' retention starts and
 * the provision records are written. The token is returned once and only its hash is kept.
 */
export async function createShareLink(
  ctx: AppContext,
  staff: StaffPrincipal,
  packetId: string,
  body: CreateShareLinkBody,
  origin: string,
  requestId: string,
): Promise<CreateShareLinkResponse> {
  assertLead(staff, 'share packets');
  const token = newSecret();
  // scrypt costs ~100 ms: spent before the packet is locked, not while holding it.
  const passphraseHash = body.passphrase === undefined ? null : await hashPassword(body.passphrase);
  const now = ctx.now();
  const linkId = await ctx.db.transaction().execute(async (tx) => {
    const packet = await lockPacketForSharing(tx, packetId);
    if (!packet) throw notFound('packet');
    // Rule 5 is two people: the approver was not the author, and the one who shares is not either.
    if (packet.author_id === staff.userId) throw forbidden('the author of a packet may not share it');
    if (packet.status !== 'approved' && packet.status !== 'shared') {
      throw conflict('not_approved', 'only an approved packet can be shared');
    }
    if (packet.approved_by === null) throw new Error(`packet ${packet.id} is ${packet.status} without an approver`);
    if (packet.creator_agency_id !== packet.agency_id) {
      throw new AppError(
        409,
        'recipient_changed',
        `the creator no longer belongs to ${packet.agency_name} (${packet.agency_ref}), the agency this packet was made for; it cannot be shared`,
      );
    }
    const expiresAt = new Date(now.getTime() + body.expiresInDays * DAY_MS);
    const id = await insertShareLink(tx, {
      packetId,
      tokenHash: hashSecret(token),
      recipientName: body.recipientName,
      expiresAt,
      viewCap: body.viewCap ?? null,
      passphraseHash,
      allowDownload: body.allowDownload,
      createdBy: staff.userId,
      createdAt: now,
    });
    const first = packet.status === 'approved';
    const provision = first ? await firstShare(tx, { ...packet, approved_by: packet.approved_by }, id, now) : null;
    // Row changes first, audit appends (a global lock) last.
    const audit = { actor: { type: 'staff' as const, id: staff.userId }, requestId };
    await appendAudit(
      tx,
      audit,
      {
        action: 'link.created',
        subject: { type: 'packet', id: packetId },
        details: {
          linkId: id,
          recipientName: body.recipientName,
          expiresAt: expiresAt.toISOString(),
          viewCap: body.viewCap ?? null,
          passphrase: passphraseHash !== null,
          allowDownload: body.allowDownload,
        },
      },
      now,
    );
    if (provision) {
      await appendAudit(
        tx,
        audit,
        {
          action: 'provision.recorded',
          subject: { type: 'packet', id: packetId },
          details: { ...provision, agencyRef: packet.agency_ref },
        },
        now,
      );
    }
    return id;
  });
  return { linkId, url: `${origin}/share/${token}`, token };
}

async function firstShare(tx: DbTx, packet: PacketForSharing & { approved_by: string }, linkId: string, at: Date) {
  // Lock order as the retention job's: the recording first (locked by the recompute), then its
  // clips; the other order could deadlock with a run expiring this recording.
  await recomputeRetention(tx, [packet.recording_id], at);
  const { packetClipDays } = await loadRetentionSettings(tx);
  await markPacketShared(tx, packet.id, at, addDays(at, packetClipDays));
  return writeProvisionRecords(tx, packet, linkId, at);
}
