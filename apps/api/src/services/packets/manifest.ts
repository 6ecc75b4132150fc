import { PRIVACY_POLICY_CLAUSE, type ManifestClip, type PacketManifest, type StaffRefDto } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import { conflict } from '../../lib/errors.ts';
import { clipsOfPacket } from '../../repositories/db/packets-repo.ts';
import { decisionForPacket, flagsForPacket, packetSummaryById } from '../../repositories/db/packets-read.ts';
import { packetFlagDto } from './packet-dto.ts';

export const MANIFEST_TYPE = 'kura.packet-manifest';

/**
 * What the agency receives, in words a signature can hold: who it is for, what call, who made
 * and approved it, the policy relied on, and for each clip its plaintext SHA-256, size, length
 * and the source recording's own SHA-256 and time range. Times are ISO strings, lengths ms.
 * Flags and the decision are taken as they stand at approval; a packet citing one that was
 * since retracted or reopened is not approved (a new packet says what is true now).
 */
export async function buildManifest(tx: DbTx, packetId: string, approver: StaffRefDto, approvedAt: Date): Promise<PacketManifest> {
  const p = (await packetSummaryById(tx, packetId, approvedAt))!;
  const [clips, flags, decision] = await Promise.all([
    clipsOfPacket(tx, packetId),
    flagsForPacket(tx, p.flag_ids),
    p.decision_id ? decisionForPacket(tx, p.decision_id) : undefined,
  ]);
  const retracted = flags.find((f) => f.retracted_at !== null);
  if (retracted) throw conflict('flag_retracted', `flag ${retracted.id} was retracted after the packet was made; make a new packet`);
  if (p.decision_id && !decision) throw conflict('decision_missing', 'the decision the packet cites is gone');
  if (p.source_sha256 === null) throw new Error(`recording ${p.recording_id} has no SHA-256`);
  return {
    type: MANIFEST_TYPE,
    version: 1,
    packetId: p.id,
    title: p.title,
    agency: { ref: p.agency_ref, name: p.agency_name },
    creator: { ref: p.creator_ref, name: p.creator_name },
    callRef: p.call_ref,
    callStartedAt: p.call_started_at.toISOString(),
    callEndedAt: p.call_ended_at.toISOString(),
    author: { id: p.author_id, displayName: p.author_name },
    approver,
    createdAt: p.created_at.toISOString(),
    approvedAt: approvedAt.toISOString(),
    privacyPolicy: { version: p.privacy_policy_version, clause: PRIVACY_POLICY_CLAUSE },
    flags: flags.map(packetFlagDto),
    decision: decision ? { outcome: decision.outcome, decidedAt: decision.decided_at.toISOString() } : null,
    clips: clips.map((c): ManifestClip => {
      if (c.state !== 'ready' || c.sha256 === null || c.plaintext_bytes === null || c.duration_ms === null || c.content_type === null) {
        throw new Error(`clip ${c.id} is not ready`);
      }
      return {
        clipId: c.id,
        position: c.position,
        sha256: c.sha256,
        bytes: c.plaintext_bytes,
        durationMs: c.duration_ms,
        contentType: c.content_type,
        startMs: c.start_ms,
        endMs: c.end_ms,
        sourceRecordingId: p.recording_id,
        sourceSha256: p.source_sha256!,
      };
    }),
  };
}
