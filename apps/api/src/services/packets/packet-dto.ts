import type {
  PacketClipDto,
  PacketDetailDto,
  PacketFlagDto,
  PacketSummaryDto,
  PacketReplyDto,
  ShareLinkDto,
  SignedManifest,
} from '@kura/contracts';
import type { DbOrTx } from '@kura/db';
import { clipsOfPacket } from '../../repositories/db/packets-repo.ts';
import {
  decisionForPacket,
  flagsForPacket,
  linksOfPacket,
  packetSummaryById,
  repliesOfPacket,
  type PacketSummaryRow,
} from '../../repositories/db/packets-read.ts';

export function packetSummaryDto(r: PacketSummaryRow): PacketSummaryDto {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    recordingId: r.recording_id,
    callRef: r.call_ref,
    agency: { ref: r.agency_ref, name: r.agency_name },
    creator: { ref: r.creator_ref, name: r.creator_name },
    userRef: r.user_ref,
    involvesMinor: r.involves_minor,
    author: { id: r.author_id, displayName: r.author_name },
    approvedBy: r.approved_by ? { id: r.approved_by, displayName: r.approver_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    approvedAt: r.approved_at?.toISOString() ?? null,
    sharedAt: r.shared_at?.toISOString() ?? null,
    clipCount: Number(r.clip_count ?? 0),
    liveLinks: Number(r.live_links ?? 0),
    replyCount: Number(r.reply_count ?? 0),
  };
}

type ClipRow = Awaited<ReturnType<typeof clipsOfPacket>>[number];

export function clipDto(packetId: string, c: ClipRow): PacketClipDto {
  const ready = c.state === 'ready';
  return {
    id: c.id,
    position: c.position,
    startMs: c.start_ms,
    endMs: c.end_ms,
    state: c.state,
    progress: c.progress,
    failureReason: c.failure_reason,
    contentType: ready ? c.content_type : null,
    bytes: ready ? c.plaintext_bytes : null,
    sha256: ready ? c.sha256 : null,
    durationMs: ready ? c.duration_ms : null,
    mediaUrl: ready ? `/api/packets/${packetId}/clips/${c.id}/media` : null,
  };
}

export type PacketFlagRow = Awaited<ReturnType<typeof flagsForPacket>>[number];

export function packetFlagDto(f: PacketFlagRow): PacketFlagDto {
  return { id: f.id, category: f.category, severity: f.severity, startMs: f.start_ms, endMs: f.end_ms, note: f.note };
}

function linkDto(l: Awaited<ReturnType<typeof linksOfPacket>>[number], now: Date): ShareLinkDto {
  return {
    id: l.id,
    recipientName: l.recipient_name,
    createdBy: { id: l.created_by, displayName: l.created_by_name },
    createdAt: l.created_at.toISOString(),
    expiresAt: l.expires_at.toISOString(),
    viewCap: l.view_cap,
    views: l.views,
    passphrase: Boolean(l.has_passphrase),
    allowDownload: l.allow_download,
    revokedAt: l.revoked_at?.toISOString() ?? null,
    revokedBy: l.revoked_by ? { id: l.revoked_by, displayName: l.revoked_by_name ?? '' } : null,
    live: l.revoked_at === null && l.expires_at > now && (l.view_cap === null || l.views < l.view_cap),
  };
}

function replyDto(r: Awaited<ReturnType<typeof repliesOfPacket>>[number]): PacketReplyDto {
  return {
    id: r.id,
    linkId: r.link_id,
    recipientName: r.recipient_name,
    body: r.body,
    acknowledged: r.acknowledged,
    createdAt: r.created_at.toISOString(),
  };
}

/** The packet with all its parts as the console shows it, or undefined when there is no such packet. */
export async function loadPacketDetail(db: DbOrTx, id: string, now: Date): Promise<PacketDetailDto | undefined> {
  const row = await packetSummaryById(db, id, now);
  if (!row) return undefined;
  const [clips, flags, decision, links, replies] = await Promise.all([
    clipsOfPacket(db, id),
    flagsForPacket(db, row.flag_ids),
    row.decision_id ? decisionForPacket(db, row.decision_id) : undefined,
    linksOfPacket(db, id),
    repliesOfPacket(db, id),
  ]);
  return {
    ...packetSummaryDto(row),
    summary: row.summary,
    failureReason: row.failure_reason,
    flags: flags.map(packetFlagDto),
    decision: decision
      ? { id: decision.id, outcome: decision.outcome, rationale: decision.rationale, decidedAt: decision.decided_at.toISOString() }
      : null,
    clips: clips.map((c) => clipDto(id, c)),
    links: links.map((l) => linkDto(l, now)),
    replies: replies.map(replyDto),
    manifest: (row.manifest as SignedManifest | null) ?? null,
    recipientChanged: row.creator_agency_now !== row.agency_id,
  };
}
