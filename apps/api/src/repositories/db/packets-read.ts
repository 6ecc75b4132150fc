import { sql, type SqlBool } from 'kysely';
import type { AuditEventRow, DbOrTx, PacketStatus } from '@kura/db';

// Read models of evidence packets for the console: lists, a packet with its parts, and its
// chain of custody read back from the audit chain. Share links and replies are written by the
// sharing code; here they are only read.

/** A link that still works: not revoked, not expired, views left (viewed sessions counted by the sharing code). */
const liveLink = (now: Date) =>
  sql<SqlBool>`sl.revoked_at is null and sl.expires_at > ${now} and (sl.view_cap is null or sl.views < sl.view_cap)`;

function summaryQuery(db: DbOrTx, now: Date) {
  return db
    .selectFrom('packets as p')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .innerJoin('creators as cr', 'cr.id', 'p.creator_id')
    .innerJoin('calls as c', 'c.id', 'p.call_id')
    .innerJoin('platform_users as u', 'u.id', 'p.user_id')
    .innerJoin('recordings as r', 'r.id', 'p.recording_id')
    .innerJoin('staff_users as au', 'au.id', 'p.author_id')
    .leftJoin('staff_users as ap', 'ap.id', 'p.approved_by')
    .selectAll('p')
    .select([
      'a.ref as agency_ref',
      'a.name as agency_name',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'cr.agency_id as creator_agency_now',
      'c.ref as call_ref',
      'c.started_at as call_started_at',
      'c.ended_at as call_ended_at',
      'u.ref as user_ref',
      'r.sha256 as source_sha256',
      'au.display_name as author_name',
      'ap.display_name as approver_name',
      (eb) =>
        eb
          .selectFrom('packet_clips as pc')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('pc.packet_id', '=', 'p.id')
          .as('clip_count'),
      (eb) =>
        eb
          .selectFrom('share_links as sl')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('sl.packet_id', '=', 'p.id')
          .where(liveLink(now))
          .as('live_links'),
      (eb) =>
        eb
          .selectFrom('packet_replies as pr')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('pr.packet_id', '=', 'p.id')
          .as('reply_count'),
    ]);
}

export type PacketSummaryRow = NonNullable<Awaited<ReturnType<typeof packetSummaryById>>>;

export async function packetSummaryById(db: DbOrTx, id: string, now: Date) {
  return summaryQuery(db, now).where('p.id', '=', id).executeTakeFirst();
}

export interface PacketListFilter {
  status?: PacketStatus;
  agencyRef?: string;
  recordingId?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
  now: Date;
}

/** Newest first; keyset over (created_at, id), so a page stays put while packets are added. */
export async function listPacketSummaries(db: DbOrTx, f: PacketListFilter) {
  let q = summaryQuery(db, f.now);
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.agencyRef) q = q.where('a.ref', '=', f.agencyRef);
  if (f.recordingId) q = q.where('p.recording_id', '=', f.recordingId);
  if (f.after) {
    const { createdAt, id } = f.after;
    q = q.where((eb) => eb.or([eb('p.created_at', '<', createdAt), eb.and([eb('p.created_at', '=', createdAt), eb('p.id', '<', id)])]));
  }
  return q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(f.limit).execute();
}

/** The flags' current versions, retracted ones included (callers decide what that means). */
export async function flagsForPacket(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('flags')
    .select(['id', 'category', 'severity', 'start_ms', 'end_ms', 'note', 'retracted_at'])
    .where('id', 'in', ids)
    .orderBy('start_ms')
    .orderBy('id')
    .execute();
}

export async function decisionForPacket(db: DbOrTx, id: string) {
  return db.selectFrom('decisions').select(['id', 'outcome', 'rationale', 'decided_at']).where('id', '=', id).executeTakeFirst();
}

export async function linksOfPacket(db: DbOrTx, packetId: string) {
  return db
    .selectFrom('share_links as sl')
    .innerJoin('staff_users as cb', 'cb.id', 'sl.created_by')
    .leftJoin('staff_users as rb', 'rb.id', 'sl.revoked_by')
    .select([
      'sl.id',
      'sl.recipient_name',
      'sl.created_by',
      'cb.display_name as created_by_name',
      'sl.created_at',
      'sl.expires_at',
      'sl.view_cap',
      'sl.views',
      sql<boolean>`sl.passphrase_hash is not null`.as('has_passphrase'),
      'sl.allow_download',
      'sl.revoked_at',
      'sl.revoked_by',
      'rb.display_name as revoked_by_name',
    ])
    .where('sl.packet_id', '=', packetId)
    .orderBy('sl.created_at')
    .orderBy('sl.id')
    .execute();
}

export async function repliesOfPacket(db: DbOrTx, packetId: string) {
  return db
    .selectFrom('packet_replies as pr')
    .innerJoin('share_links as sl', 'sl.id', 'pr.link_id')
    .select(['pr.id', 'pr.link_id', 'sl.recipient_name', 'pr.body', 'pr.acknowledged', 'pr.created_at'])
    .where('pr.packet_id', '=', packetId)
    .orderBy('pr.created_at')
    .orderBy('pr.id')
    .execute();
}

/** Reads of the packet's clips are recorded against the source recording, with the packet's id. */
const CLIP_READ_ACTIONS = ['packet.clip_read', 'share.clip_read', 'share.downloaded'];

/**
 * The packet's chain of custody, oldest first: every event about the packet, and every read of
 * its clips' bytes (staff previews and the agency's plays and downloads).
 */
export async function custodyEvents(db: DbOrTx, packetId: string, recordingId: string, limit: number): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('subject_type', '=', 'packet'), eb('subject_id', '=', packetId)]),
        eb.and([
          eb('subject_type', '=', 'recording'),
          eb('subject_id', '=', recordingId),
          eb('action', 'in', CLIP_READ_ACTIONS),
          sql<SqlBool>`details->>'packetId' = ${packetId}`,
        ]),
      ]),
    )
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
}

/** Share links' recipient names: the agency actors of custody events are links. */
export async function linkRecipientNames(db: DbOrTx, linkIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(linkIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('share_links').select(['id', 'recipient_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.recipient_name]));
}
