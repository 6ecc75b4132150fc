import type { ShareReplyBody, ShareReplyResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { insertReply } from '../../repositories/db/share-packet-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { agencyActor, type ShareAccess } from './agency-gate.ts';

/** The agency's answer (and acknowledgement) on the packet, shown to staff on the packet. */
export async function replyToPacket(
  ctx: AppContext,
  access: ShareAccess,
  body: ShareReplyBody,
  requestId: string,
): Promise<ShareReplyResponse> {
  const { link } = access;
  const now = ctx.now();
  const reply = await ctx.db.transaction().execute(async (tx) => {
    const row = await insertReply(tx, {
      packetId: link.packet_id,
      linkId: link.id,
      body: body.body,
      acknowledged: body.acknowledge ?? false,
      at: now,
    });
    await appendAudit(
      tx,
      { actor: agencyActor(link.id), requestId },
      {
        action: 'share.replied',
        subject: { type: 'packet', id: link.packet_id },
        details: { linkId: link.id, replyId: row.id, acknowledged: row.acknowledged },
      },
      now,
    );
    return row;
  });
  return { id: reply.id, body: reply.body, acknowledged: reply.acknowledged, createdAt: reply.created_at.toISOString() };
}
