import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

// What the retention job reads and changes to expire recordings and packet clips: the due rows
// with what blocks them, the keys it destroys, the objects it deletes and the tombstones it keeps.

const LIVE_STATES = ['processing', 'ready', 'unplayable'] as const;

/** `= any($1::uuid[])`: a batch of up to thousands of ids as one parameter, not one each. */
const anyId = (ids: readonly string[]) => sql<string>`any(${[...ids]}::uuid[])`;

export interface DueRecording {
  id: string;
  call_id: string;
  retain_until: Date;
  retention_reason: string;
  held: boolean;
  open_review: boolean;
  live_packet: boolean;
}

/**
 * Due recordings after `after` in (retain_until, id) order, with what blocks each. `lock`: rows
 * are locked FOR UPDATE SKIP LOCKED (another run or a change in flight keeps its rows).
 */
export async function dueRecordings(
  db: DbOrTx,
  now: Date,
  after: { retainUntil: Date; id: string } | null,
  limit: number,
  lock: boolean,
): Promise<DueRecording[]> {
  const cursor = after ? sql`and (r.retain_until, r.id) > (${after.retainUntil}::timestamptz, ${after.id}::uuid)` : sql``;
  const { rows } = await sql<DueRecording>`
    select r.id, r.call_id, r.retain_until, r.retention_reason,
      exists (select 1 from legal_holds h where h.recording_id = r.id and h.released_at is null) as held,
      exists (select 1 from review_items i where i.call_id = r.call_id and i.status = 'open') as open_review,
      exists (
        select 1 from packets p join share_links l on l.packet_id = p.id
        where p.recording_id = r.id and l.revoked_at is null and l.expires_at > ${now}
          and (l.view_cap is null or l.views < l.view_cap)
      ) as live_packet
    from recordings r
    where r.state in (${sql.join(LIVE_STATES)}) and r.expiry_stage is null and r.retain_until <= ${now} ${cursor}
    order by r.retain_until, r.id
    limit ${limit}
    ${lock ? sql`for update of r skip locked` : sql``}
  `.execute(db);
  return rows;
}

export interface DueClip {
  id: string;
  packet_id: string;
  recording_id: string;
  retain_until: Date;
  held: boolean;
  live_packet: boolean;
}

/** Clips of shared packets past their own timer; a hold on the recording or a live link blocks. */
export async function dueClips(db: DbOrTx, now: Date, afterId: string | null, limit: number, lock: boolean): Promise<DueClip[]> {
  const cursor = afterId ? sql`and pc.id > ${afterId}::uuid` : sql``;
  const { rows } = await sql<DueClip>`
    select pc.id, pc.packet_id, p.recording_id, pc.retain_until,
      exists (select 1 from legal_holds h where h.recording_id = p.recording_id and h.released_at is null) as held,
      exists (
        select 1 from share_links l where l.packet_id = p.id and l.revoked_at is null and l.expires_at > ${now}
          and (l.view_cap is null or l.views < l.view_cap)
      ) as live_packet
    from packet_clips pc join packets p on p.id = pc.packet_id
    where pc.state <> 'expired' and pc.expiry_stage is null and pc.retain_until <= ${now} ${cursor}
    order by pc.id
    limit ${limit}
    ${lock ? sql`for update of pc skip locked` : sql``}
  `.execute(db);
  return rows;
}

/**
 * Crypto-shreds a recording: its key, its thumbnails' keys, and the keys of its packets' clips
 * that have no timer of their own yet (never shared) or whose timer ran out. Clips shared with an
 * agency keep their own timer (DESIGN.md: a year from sharing). One statement for the whole batch:
 * a run's time grows with its round trips, not with its rows.
 */
export async function destroyRecordingKeys(tx: DbTx, recordingIds: readonly string[], now: Date): Promise<void> {
  if (recordingIds.length === 0) return;
  const ids = [...recordingIds];
  await sql`
    with recs as (
      update recordings set wrapped_dek = null, expiry_stage = 'keys_destroyed', updated_at = ${now}
      where id = any(${ids}::uuid[])
      returning id
    ), assets as (
      update recording_assets set wrapped_dek = null, destroyed_at = ${now}
      where recording_id = any(${ids}::uuid[])
      returning id
    ), clips as (
      update packet_clips pc set wrapped_dek = null, expiry_stage = 'keys_destroyed', updated_at = ${now}
      from packets p
      where pc.packet_id = p.id and p.recording_id = any(${ids}::uuid[]) and pc.state <> 'expired' and pc.expiry_stage is null
        and (pc.retain_until is null or pc.retain_until <= ${now})
      returning pc.id
    )
    select (select count(*) from recs) as recordings, (select count(*) from assets) as assets, (select count(*) from clips) as clips
  `.execute(tx);
}

export async function destroyClipKeys(tx: DbTx, clipIds: readonly string[], now: Date): Promise<void> {
  if (clipIds.length === 0) return;
  await tx
    .updateTable('packet_clips')
    .set({ wrapped_dek: null, expiry_stage: 'keys_destroyed', updated_at: now })
    .where('id', '=', anyId(clipIds))
    .execute();
}

/** Recordings and clips a run began expiring and did not finish (crashed or S3 failed). */
export async function unfinishedExpiries(db: DbOrTx): Promise<{ recordingIds: string[]; clipIds: string[] }> {
  const recs = await db.selectFrom('recordings').select('id').where('expiry_stage', 'is not', null).orderBy('id').execute();
  // Clips of an unfinished recording finish with it.
  const clips = await db
    .selectFrom('packet_clips as pc')
    .innerJoin('packets as p', 'p.id', 'pc.packet_id')
    .innerJoin('recordings as r', 'r.id', 'p.recording_id')
    .select('pc.id')
    .where('pc.expiry_stage', 'is not', null)
    .where('r.expiry_stage', 'is', null)
    .orderBy('pc.id')
    .execute();
  return { recordingIds: recs.map((r) => r.id), clipIds: clips.map((c) => c.id) };
}

export interface ExpiringObject {
  objectId: string;
  kind: 'recording' | 'thumbnail_strip' | 'packet_clip';
  recordingId: string;
  callId: string;
  packetId: string | null;
  objectKey: string | null;
  plaintextBytes: number | null;
  storedBytes: number | null;
  sha256: string | null;
  /** Why it expires: the recording's retention reason, or 'packet_clip_period' for a clip's own timer. */
  reason: string;
}

/** The objects of recordings being expired: the recording, its thumbnails, its expiring clips. */
export async function objectsOfExpiringRecordings(db: DbOrTx, recordingIds: readonly string[]): Promise<ExpiringObject[]> {
  if (recordingIds.length === 0) return [];
  const ids = [...recordingIds];
  const { rows } = await sql<ExpiringObject>`
    select r.id as "objectId", 'recording' as kind, r.id as "recordingId", r.call_id as "callId", null::uuid as "packetId",
      r.object_key as "objectKey", r.plaintext_bytes as "plaintextBytes", r.stored_bytes as "storedBytes", r.sha256,
      r.retention_reason as reason
    from recordings r where r.id = any(${ids}::uuid[]) and r.expiry_stage is not null
    union all
    select a.id, 'thumbnail_strip', r.id, r.call_id, null::uuid, a.object_key, a.plaintext_bytes, a.stored_bytes, a.sha256,
      r.retention_reason
    from recording_assets a join recordings r on r.id = a.recording_id
    where r.id = any(${ids}::uuid[]) and r.expiry_stage is not null
    union all
    select pc.id, 'packet_clip', p.recording_id, p.call_id, p.id, pc.object_key, pc.plaintext_bytes, pc.stored_bytes, pc.sha256,
      r.retention_reason
    from packet_clips pc join packets p on p.id = pc.packet_id join recordings r on r.id = p.recording_id
    where p.recording_id = any(${ids}::uuid[]) and pc.expiry_stage is not null
  `.execute(db);
  return rows;
}

export async function objectsOfExpiringClips(db: DbOrTx, clipIds: readonly string[]): Promise<ExpiringObject[]> {
  if (clipIds.length === 0) return [];
  const { rows } = await sql<ExpiringObject>`
    select pc.id as "objectId", 'packet_clip' as kind, p.recording_id as "recordingId", p.call_id as "callId", p.id as "packetId",
      pc.object_key as "objectKey", pc.plaintext_bytes as "plaintextBytes", pc.stored_bytes as "storedBytes", pc.sha256,
      'packet_clip_period' as reason
    from packet_clips pc join packets p on p.id = pc.packet_id
    where pc.id = any(${[...clipIds]}::uuid[]) and pc.expiry_stage is not null
  `.execute(db);
  return rows;
}

/** The S3 objects are gone; only the tombstones are left to write. */
export async function markObjectsDeleted(db: DbOrTx, objects: readonly ExpiringObject[], now: Date): Promise<void> {
  const recs = objects.filter((o) => o.kind === 'recording').map((o) => o.objectId);
  const clips = objects.filter((o) => o.kind === 'packet_clip').map((o) => o.objectId);
  if (recs.length > 0) {
    await db.updateTable('recordings').set({ expiry_stage: 'objects_deleted', updated_at: now }).where('id', '=', anyId(recs)).execute();
  }
  if (clips.length > 0) {
    await db.updateTable('packet_clips').set({ expiry_stage: 'objects_deleted', updated_at: now }).where('id', '=', anyId(clips)).execute();
  }
}

/**
 * Tombstones for the objects (idempotent: an object already buried is skipped), and the rows say
 * expired; one statement, every column one array (a constant number of parameters however many
 * objects). A clip that was never cut had no object: its tombstone still says it existed.
 */
export async function writeTombstones(tx: DbTx, objects: readonly ExpiringObject[], runId: string, now: Date): Promise<void> {
  if (objects.length === 0) return;
  const col = <T>(pick: (o: ExpiringObject) => T) => objects.map(pick);
  const recs = objects.filter((o) => o.kind === 'recording').map((o) => o.objectId);
  const clips = objects.filter((o) => o.kind === 'packet_clip').map((o) => o.objectId);
  await sql`
    with stones as (
      insert into tombstones (object_id, kind, recording_id, call_id, packet_id, object_key, plaintext_bytes, stored_bytes, sha256, reason, expired_at, run_id)
      select t.*, ${now}::timestamptz, ${runId}::uuid from unnest(
        ${col((o) => o.objectId)}::uuid[], ${col((o) => o.kind)}::text[], ${col((o) => o.recordingId)}::uuid[],
        ${col((o) => o.callId)}::uuid[], ${col((o) => o.packetId)}::uuid[], ${col((o) => o.objectKey ?? '')}::text[],
        ${col((o) => o.plaintextBytes)}::bigint[], ${col((o) => o.storedBytes)}::bigint[], ${col((o) => o.sha256)}::text[],
        ${col((o) => o.reason)}::text[]
      ) as t
      on conflict (object_id) do nothing
      returning 1
    ), recs as (
      update recordings set state = 'expired', expiry_stage = null, expired_at = ${now}, updated_at = ${now}
      where id = any(${recs}::uuid[])
      returning 1
    ), clips as (
      update packet_clips set state = 'expired', expiry_stage = null, expired_at = ${now}, updated_at = ${now}
      where id = any(${clips}::uuid[])
      returning 1
    )
    select (select count(*) from stones) as stones, (select count(*) from recs) as recordings, (select count(*) from clips) as clips
  `.execute(tx);
}

export async function tombstonesOfRecording(db: DbOrTx, recordingId: string) {
  return db
    .selectFrom('tombstones')
    .select(['object_id', 'kind', 'packet_id', 'plaintext_bytes', 'stored_bytes', 'sha256', 'reason', 'expired_at', 'run_id'])
    .where('recording_id', '=', recordingId)
    .orderBy('kind')
    .orderBy('object_id')
    .execute();
}

/** Deletion requests received by `now` and still pending. */
export async function pendingDeletionRequests(db: DbOrTx, now: Date) {
  return db
    .selectFrom('user_events')
    .select(['id', 'user_id'])
    .where('type', '=', 'deletion_request')
    .where('status', '=', 'pending')
    .where('received_at', '<=', now)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** The user's recordings not yet expired, with what blocks each. */
export async function remainingRecordingsOfUser(db: DbOrTx, userId: string, now: Date) {
  const { rows } = await sql<{ id: string; held: boolean; open_review: boolean; live_packet: boolean }>`
    select r.id,
      exists (select 1 from legal_holds h where h.recording_id = r.id and h.released_at is null) as held,
      exists (select 1 from review_items i where i.call_id = r.call_id and i.status = 'open') as open_review,
      exists (
        select 1 from packets p join share_links l on l.packet_id = p.id
        where p.recording_id = r.id and l.revoked_at is null and l.expires_at > ${now}
          and (l.view_cap is null or l.views < l.view_cap)
      ) as live_packet
    from recordings r join calls c on c.id = r.call_id
    where c.user_id = ${userId}::uuid and r.state in (${sql.join(LIVE_STATES)})
  `.execute(db);
  return rows;
}

export async function resolveUserEvent(tx: DbTx, id: string, status: 'done' | 'refused', reason: string | null, at: Date): Promise<void> {
  await tx
    .updateTable('user_events')
    .set({ status, status_reason: reason, resolved_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
