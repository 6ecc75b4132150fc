import type { SharedPacketDto, SignedManifest } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { repliesOfLink, sharedPacketRow } from '../../repositories/db/share-packet-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import { agencyActor, shareNotFound, type ShareAccess } from './agency-gate.ts';

// The agency sees the packet as it was approved: the signed manifest is the source of what it
// shows (title, agency, creator, call, flags, decision, clips), plus the summary and its replies.
// No staff names and nothing about the user beyond the packet itself.

async function approvedPacket(ctx: AppContext, packetId: string): Promise<{ summary: string; manifest: SignedManifest }> {
  const row = await sharedPacketRow(ctx.db, packetId);
  // A shared packet always has its manifest (made at approval); without one there is nothing to show.
  if (!row?.manifest) throw shareNotFound();
  return { summary: row.summary, manifest: row.manifest as unknown as SignedManifest };
}

export async function viewSharedPacket(ctx: AppContext, access: ShareAccess, requestId: string): Promise<SharedPacketDto> {
  const { link } = access;
  const { summary, manifest } = await approvedPacket(ctx, link.packet_id);
  const replies = await repliesOfLink(ctx.db, link.id);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: agencyActor(link.id), requestId },
    { action: 'share.viewed', subject: { type: 'packet', id: link.packet_id }, details: { linkId: link.id } },
    ctx.now(),
  );
  const m = manifest.payload;
  return {
    packet: {
      title: m.title,
      summary,
      agency: m.agency,
      creator: { name: m.creator.name },
      callRef: m.callRef,
      callStartedAt: m.callStartedAt,
      flags: m.flags,
      decision: m.decision,
      clips: m.clips.map((c) => ({
        id: c.clipId,
        position: c.position,
        startMs: c.startMs,
        endMs: c.endMs,
        durationMs: c.durationMs,
        bytes: c.bytes,
        sha256: c.sha256,
        contentType: c.contentType,
      })),
      approvedAt: m.approvedAt,
    },
    link: {
      recipientName: link.recipient_name,
      expiresAt: link.expires_at.toISOString(),
      allowDownload: link.allow_download,
      viewsLeft: link.view_cap === null ? null : Math.max(0, link.view_cap - link.views),
      sessionExpiresAt: access.sessionExpiresAt.toISOString(),
    },
    replies: replies.map((r) => ({ body: r.body, acknowledged: r.acknowledged, createdAt: r.created_at.toISOString() })),
  };
}

/** The signed manifest exactly as stored, for the agency to verify offline. */
export async function readSharedManifest(
  ctx: AppContext,
  access: ShareAccess,
  requestId: string,
): Promise<{ packetId: string; manifest: SignedManifest }> {
  const { link } = access;
  const { manifest } = await approvedPacket(ctx, link.packet_id);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: agencyActor(link.id), requestId },
    { action: 'share.manifest_read', subject: { type: 'packet', id: link.packet_id }, details: { linkId: link.id } },
    ctx.now(),
  );
  return { packetId: link.packet_id, manifest };
}
