import type { DbOrTx, DbTx } from '@kura/db';

// What sharing reads and changes of a packet: the packet locked while its first link is made,
// its shared state and clip retention, the view the agency gets, its clips and the replies.

/** The packet and everything its provision records name, locked until the transaction ends. */
export async function lockPacketForSharing(tx: DbTx, packetId: string) {
  return tx
    .selectFrom('packets as p')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .innerJoin('creators as cr', 'cr.id', 'p.creator_id')
    .innerJoin('platform_users as u', 'u.id', 'p.user_id')
    .innerJoin('calls as c', 'c.id', 'p.call_id')
    .select([
      'p.id',
      'p.recording_id',
      'p.status',
      'p.author_id',
      'p.approved_by',
      'p.agency_id',
      'p.flag_ids',
      'p.decision_id',
      'p.privacy_policy_version',
      'cr.agency_id as creator_agency_id',
      'cr.ref as creator_ref',
      'a.ref as agency_ref',
      'a.name as agency_name',
      'u.ref as user_ref',
      'c.ref as call_ref',
    ])
    .where('p.id', '=', packetId)
    .forUpdate('p')
    .executeTakeFirst();
}
export type PacketForSharing = NonNullable<Awaited<ReturnType<typeof lockPacketForSharing>>>;

export async function clipsOfPacket(db: DbOrTx, packetId: string) {
  return db
    .selectFrom('packet_clips')
    .select(['id', 'position', 'start_ms', 'end_ms', 'content_type', 'state', 'plaintext_bytes', 'sha256', 'duration_ms'])
    .where('packet_id', '=', packetId)
    .orderBy('position')
    .execute();
}

/** Flags of the packet that carry a moderator's note. */
export async function countFlagNotes(db: DbOrTx, flagIds: string[]): Promise<number> {
  if (flagIds.length === 0) return 0;
  const row = await db
    .selectFrom('flags')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('id', 'in', flagIds)
    .where('note', 'is not', null)
    .where('note', '<>', '')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** First made available: the packet is shared from now, and its clips are kept a year from now. */
export async function markPacketShared(tx: DbTx, packetId: string, at: Date, clipsRetainUntil: Date): Promise<void> {
  await tx.updateTable('packets').set({ status: 'shared', shared_at: at }).where('id', '=', packetId).execute();
  await tx.updateTable('packet_clips').set({ retain_until: clipsRetainUntil, updated_at: at }).where('packet_id', '=', packetId).execute();
}

/** What the agency page shows: the packet as approved (its signed manifest) and its summary. */
export async function sharedPacketRow(db: DbOrTx, packetId: string) {
  return db.selectFrom('packets').select(['id', 'summary', 'manifest', 'recording_id']).where('id', '=', packetId).executeTakeFirst();
}

/** A ready clip of this packet with what a ranged read needs; nothing for any other packet's clip. */
/** Any state: the caller tells a destroyed clip (410) from one that is not there (404). */
export async function clipOfPacket(db: DbOrTx, packetId: string, clipId: string) {
  return db
    .selectFrom('packet_clips')
    .select([
      'id',
      'position',
      'state',
      'expiry_stage',
      'object_key',
      'content_type',
      'wrapped_dek',
      'kek_id',
      'krv1_header',
      'segment_log2',
      'plaintext_bytes',
    ])
    .where('id', '=', clipId)
    .where('packet_id', '=', packetId)
    .executeTakeFirst();
}

export async function insertReply(tx: DbTx, r: { packetId: string; linkId: string; body: string; acknowledged: boolean; at: Date }) {
  return tx
    .insertInto('packet_replies')
    .values({ packet_id: r.packetId, link_id: r.linkId, body: r.body, acknowledged: r.acknowledged, created_at: r.at })
    .returning(['id', 'body', 'acknowledged', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function repliesOfLink(db: DbOrTx, linkId: string) {
  return db
    .selectFrom('packet_replies')
    .select(['id', 'body', 'acknowledged', 'created_at'])
    .where('link_id', '=', linkId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
