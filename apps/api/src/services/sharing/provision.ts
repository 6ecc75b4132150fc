import { PROVISION_BASIS, PROVISION_RECORD_RETENTION_YEARS } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import { insertProvisionRecords } from '../../repositories/db/provision-records-repo.ts';
import { clipsOfPacket, countFlagNotes, type PacketForSharing } from '../../repositories/db/share-packet-repo.ts';

// 第三者提供記録 (APPI art. 29, PPC rules art. 19-20): when a packet is first made available to
// the creator's agency, one record per data subject, the platform user and the creator, saying
// to whom, what, on which basis, when and who approved it.

export interface ProvidedItems {
  callRef: string;
  clips: { startMs: number; endMs: number; contentType: string | null }[];
  flagCount: number;
  flagNotes: number;
  hasDecision: boolean;
}

/** m:ss (h:mm:ss past an hour) on the recording's own timeline. */
function clock(ms: number, round: 'down' | 'up'): string {
  const total = round === 'down' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * What was provided, in words an auditor (or the data subject asking for disclosure) reads:
 * 「通話 call-x の映像・音声 0:10–0:20、1:00–1:30（2 クリップ）、モデレーターのメモ（概要、フラグのメモ 1 件）、違反フラグ 2 件、判定結果」.
 * The summary always goes with a packet, so the moderators' notes are always among the items.
 */
export function describeProvidedItems(p: ProvidedItems): string {
  const audioOnly = p.clips.length > 0 && p.clips.every((c) => c.contentType?.startsWith('audio/'));
  const ranges = p.clips.map((c) => `${clock(c.startMs, 'down')}–${clock(c.endMs, 'up')}`).join('、');
  const parts = [
    `通話 ${p.callRef} の${audioOnly ? '音声' : '映像・音声'} ${ranges}（${p.clips.length} クリップ）`,
    p.flagNotes > 0 ? `モデレーターのメモ（概要、フラグのメモ ${p.flagNotes} 件）` : 'モデレーターのメモ（概要）',
  ];
  if (p.flagCount > 0) parts.push(`違反フラグ ${p.flagCount} 件`);
  if (p.hasDecision) parts.push('判定結果');
  return parts.join('、');
}

export function addYears(at: Date, years: number): Date {
  const d = new Date(at.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** Writes the records of a first share inside its transaction; returns their ids and subjects. */
export async function writeProvisionRecords(
  tx: DbTx,
  packet: PacketForSharing & { approved_by: string },
  linkId: string,
  at: Date,
): Promise<{ recordIds: string[]; subjects: { type: 'user' | 'creator'; ref: string }[] }> {
  const clips = await clipsOfPacket(tx, packet.id);
  const items = describeProvidedItems({
    callRef: packet.call_ref,
    clips: clips.map((c) => ({ startMs: c.start_ms, endMs: c.end_ms, contentType: c.content_type })),
    flagCount: packet.flag_ids.length,
    flagNotes: await countFlagNotes(tx, packet.flag_ids),
    hasDecision: packet.decision_id !== null,
  });
  const subjects = [
    { type: 'user' as const, ref: packet.user_ref },
    { type: 'creator' as const, ref: packet.creator_ref },
  ];
  const recordIds = await insertProvisionRecords(
    tx,
    subjects.map((s) => ({
      packetId: packet.id,
      linkId,
      providedAt: at,
      recipientAgencyId: packet.agency_id,
      recipientRef: packet.agency_ref,
      recipientName: packet.agency_name,
      subjectType: s.type,
      subjectRef: s.ref,
      items,
      basis: PROVISION_BASIS,
      privacyPolicyVersion: packet.privacy_policy_version,
      approvedBy: packet.approved_by,
      retainUntil: addYears(at, PROVISION_RECORD_RETENTION_YEARS),
    })),
  );
  return { recordIds, subjects };
}
