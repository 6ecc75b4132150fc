import { sql } from 'kysely';
import type { DbOrTx, DbTx, PacketStatus } from '@kura/db';

// Writes on evidence packets and their clips, and the lookups their rules need. A clip is a
// derivative: nothing here ever writes to the recording it was cut from.

/** The recording a packet would be made of, with who the call was between and where the creator is now. */
export async function recordingForPacket(db: DbOrTx, recordingId: string) {
  return db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
    .innerJoin('platform_users as u', 'u.id', 'c.user_id')
    .select([
      'r.id',
      'r.state',
      'r.duration_ms',
      'c.id as call_id',
      'c.creator_id',
      'c.user_id',
      'cr.agency_id',
      'a.ref as agency_ref',
      'u.is_minor',
    ])
    .where('r.id', '=', recordingId)
    .executeTakeFirst();
}

export async function flagsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('flags').select(['id', 'recording_id', 'category', 'retracted_at']).where('id', 'in', ids).execute();
}

export async function decisionById(db: DbOrTx, id: string) {
  return db.selectFrom('decisions').select(['id', 'call_id', 'reopened_at']).where('id', '=', id).executeTakeFirst();
}

/** A flag on the recording (not retracted) or a report on the call says a minor was involved. */
export async function minorInvolvementNoted(db: DbOrTx, recordingId: string, callId: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('flags')
              .select('id')
              .where('recording_id', '=', recordingId)
              .where('category', '=', 'minor_involvement')
              .where('retracted_at', 'is', null),
          ),
          eb.exists(eb.selectFrom('reports').select('id').where('call_id', '=', callId).where('category', '=', 'minor_involvement')),
        ])
        .as('noted'),
    ])
    .executeTakeFirstOrThrow();
  return Boolean(row.noted);
}

export async function creatorAgencyId(db: DbOrTx, creatorId: string): Promise<string> {
  const row = await db.selectFrom('creators').select('agency_id').where('id', '=', creatorId).executeTakeFirstOrThrow();
  return row.agency_id;
}

export interface NewPacket {
  recordingId: string;
  callId: string;
  agencyId: string;
  creatorId: string;
  userId: string;
  title: string;
  summary: string;
  flagIds: string[];
  decisionId: string | null;
  involvesMinor: boolean;
  authorId: string;
  createdAt: Date;
  privacyPolicyVersion: string;
}

export async function insertPacket(tx: DbTx, p: NewPacket): Promise<string> {
  const row = await tx
    .insertInto('packets')
    .values({
      recording_id: p.recordingId,
      call_id: p.callId,
      agency_id: p.agencyId,
      creator_id: p.creatorId,
      user_id: p.userId,
      title: p.title,
      summary: p.summary,
      flag_ids: p.flagIds,
      decision_id: p.decisionId,
      involves_minor: p.involvesMinor,
      status: 'cutting',
      author_id: p.authorId,
      created_at: p.createdAt,
      privacy_policy_version: p.privacyPolicyVersion,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertClips(
  tx: DbTx,
  packetId: string,
  clips: { id: string; position: number; startMs: number; endMs: number }[],
  at: Date,
): Promise<void> {
  await tx
    .insertInto('packet_clips')
    .values(
      clips.map((c) => ({
        id: c.id,
        packet_id: packetId,
        position: c.position,
        start_ms: c.startMs,
        end_ms: c.endMs,
        state: 'pending' as const,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

/** The packet, locked until the transaction ends: its state changes one at a time. */
export async function lockPacket(tx: DbTx, id: string) {
  return tx.selectFrom('packets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function getPacket(db: DbOrTx, id: string) {
  return db.selectFrom('packets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function clipsOfPacket(db: DbOrTx, packetId: string) {
  return db.selectFrom('packet_clips').selectAll().where('packet_id', '=', packetId).orderBy('position').execute();
}

export async function getClip(db: DbOrTx, packetId: string, clipId: string) {
  return db.selectFrom('packet_clips').selectAll().where('id', '=', clipId).where('packet_id', '=', packetId).executeTakeFirst();
}

/** A clip with what cutting it needs to know of its packet. */
export async function clipForCutting(db: DbOrTx, clipId: string) {
  return db
    .selectFrom('packet_clips as pc')
    .innerJoin('packets as p', 'p.id', 'pc.packet_id')
    .select([
      'pc.id',
      'pc.packet_id',
      'pc.position',
      'pc.start_ms',
      'pc.end_ms',
      'pc.state',
      'pc.object_key',
      'p.status as packet_status',
      'p.recording_id',
    ])
    .where('pc.id', '=', clipId)
    .executeTakeFirst();
}

/**
 * Before a byte is written: the object key and its wrapped key are on the clip's row, so an
 * object at that key is always accounted for, whatever happens to this attempt.
 */
export async function markClipCutting(
  db: DbOrTx,
  clipId: string,
  o: { objectKey: string; wrappedDek: Buffer; kekId: string; segmentLog2: number; header: Buffer; at: Date },
): Promise<void> {
  await db
    .updateTable('packet_clips')
    .set({
      state: 'cutting',
      progress: 0,
      object_key: o.objectKey,
      wrapped_dek: o.wrappedDek,
      kek_id: o.kekId,
      segment_log2: o.segmentLog2,
      krv1_header: o.header,
      updated_at: o.at,
    })
    .where('id', '=', clipId)
    .where('state', 'in', ['pending', 'cutting'])
    .execute();
}

export async function setClipProgress(db: DbOrTx, clipId: string, progress: number, at: Date): Promise<void> {
  await db.updateTable('packet_clips').set({ progress, updated_at: at }).where('id', '=', clipId).where('state', '=', 'cutting').execute();
}

export async function markClipReady(
  tx: DbTx,
  clipId: string,
  r: {
    mode: 'copy' | 'transcode';
    contentType: string;
    plaintextBytes: number;
    storedBytes: number;
    sha256: string;
    durationMs: number;
    at: Date;
  },
): Promise<boolean> {
  const res = await tx
    .updateTable('packet_clips')
    .set({
      state: 'ready',
      progress: 100,
      mode: r.mode,
      content_type: r.contentType,
      plaintext_bytes: r.plaintextBytes,
      stored_bytes: r.storedBytes,
      sha256: r.sha256,
      duration_ms: r.durationMs,
      failure_reason: null,
      updated_at: r.at,
    })
    .where('id', '=', clipId)
    .where('state', '=', 'cutting')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** A clip that will not be made: its object (if any) was handed to the orphan ledger, so the row forgets it. */
export async function markClipFailed(tx: DbTx, clipId: string, reason: string, at: Date): Promise<boolean> {
  const res = await tx
    .updateTable('packet_clips')
    .set({
      state: 'failed',
      failure_reason: reason,
      object_key: null,
      wrapped_dek: null,
      kek_id: null,
      krv1_header: null,
      segment_log2: null,
      updated_at: at,
    })
    .where('id', '=', clipId)
    .where('state', 'in', ['pending', 'cutting'])
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export async function countClipsNotReady(tx: DbTx, packetId: string): Promise<number> {
  const row = await tx
    .selectFrom('packet_clips')
    .select(sql<string>`count(*)`.as('n'))
    .where('packet_id', '=', packetId)
    .where('state', '<>', 'ready')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function setPacketStatus(tx: DbTx, id: string, status: PacketStatus, failureReason: string | null = null): Promise<void> {
  await tx.updateTable('packets').set({ status, failure_reason: failureReason }).where('id', '=', id).execute();
}

export async function markPacketApproved(
  tx: DbTx,
  id: string,
  a: { approvedBy: string; approvedAt: Date; minorConfirmed: boolean; manifest: unknown },
): Promise<void> {
  await tx
    .updateTable('packets')
    .set({
      status: 'approved',
      approved_by: a.approvedBy,
      approved_at: a.approvedAt,
      minor_confirmed: a.minorConfirmed,
      manifest: JSON.stringify(a.manifest),
    })
    .where('id', '=', id)
    .execute();
}

export async function clearPacketApproval(tx: DbTx, id: string): Promise<void> {
  await tx
    .updateTable('packets')
    .set({ status: 'ready', approved_by: null, approved_at: null, minor_confirmed: false, manifest: null })
    .where('id', '=', id)
    .execute();
}

/** Share links ever made for the packet, revoked or not (written by the sharing code). */
export async function linkCount(db: DbOrTx, packetId: string): Promise<number> {
  const row = await db
    .selectFrom('share_links')
    .select(sql<string>`count(*)`.as('n'))
    .where('packet_id', '=', packetId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
