import { sql } from 'kysely';
import type { DbOrTx } from '@kura/db';
import type { RetentionReason } from '@kura/contracts';

// What each recording's retention timer depends on, and writing the timers back.

export interface RetentionFactsRow {
  id: string;
  call_ended_at: Date;
  uploaded_at: Date;
  last_flag_or_decision_at: Date | null;
  held: boolean;
  in_packet: boolean;
  withdrawn_at: Date | null;
  deletion_requested_at: Date | null;
}

/** Recordings not expired nor being expired, with the facts their timers follow. */
export async function retentionFacts(db: DbOrTx, recordingIds: readonly string[]): Promise<RetentionFactsRow[]> {
  if (recordingIds.length === 0) return [];
  const { rows } = await sql<RetentionFactsRow>`
    select r.id,
      c.ended_at as call_ended_at,
      coalesce(r.uploaded_at, r.upload_started_at) as uploaded_at,
      greatest(
        (select max(f.updated_at) from flags f where f.recording_id = r.id and f.retracted_at is null),
        (select max(d.decided_at) from decisions d where d.call_id = r.call_id)
      ) as last_flag_or_decision_at,
      exists (select 1 from legal_holds h where h.recording_id = r.id and h.released_at is null) as held,
      exists (select 1 from packets p where p.recording_id = r.id) as in_packet,
      least(
        u.withdrawn_at,
        (select min(e.at) from user_events e where e.user_id = c.user_id and e.type = 'withdrawal')
      ) as withdrawn_at,
      (select min(e.received_at) from user_events e
        where e.user_id = c.user_id and e.type = 'deletion_request' and e.status = 'pending') as deletion_requested_at
    from recordings r
    join calls c on c.id = r.call_id
    join platform_users u on u.id = c.user_id
    where r.id = any(${[...recordingIds]}::uuid[])
      and r.state <> 'expired' and r.state <> 'uploading' and r.expiry_stage is null
    order by r.id
    -- Held until the caller's transaction ends: the retention job (FOR UPDATE SKIP LOCKED) passes
    -- over a recording whose hold, packet or flag is being written, and takes it next run. An
    -- update lock, not a share lock: two writers that both held a share lock and then both updated
    -- the row would deadlock; in id order, so writers of several recordings queue instead.
    for no key update of r
  `.execute(db);
  return rows;
}

/** One page of recording ids (keyset on id) for recomputing every timer in batches. */
export async function recordingIdsAfter(db: DbOrTx, afterId: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom('recordings').select('id').where('state', 'not in', ['expired', 'uploading']).orderBy('id').limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.execute()).map((r) => r.id);
}

/** Writes the timers that changed; untouched rows keep their updated_at. */
export async function writeRetentionTimers(
  db: DbOrTx,
  timers: readonly { id: string; retainUntil: Date; reason: RetentionReason }[],
  at: Date,
): Promise<void> {
  if (timers.length === 0) return;
  const values = sql.join(timers.map((t) => sql`(${t.id}::uuid, ${t.retainUntil}::timestamptz, ${t.reason})`));
  await sql`
    update recordings r set retain_until = v.retain_until, retention_reason = v.reason, updated_at = ${at}
    from (values ${values}) as v(id, retain_until, reason)
    where r.id = v.id and r.expiry_stage is null and r.state <> 'expired'
      and (r.retain_until is distinct from v.retain_until or r.retention_reason is distinct from v.reason)
  `.execute(db);
}

/** Clips of shared packets of these recordings are kept `days` from the packet's first sharing. */
export async function writeClipTimers(db: DbOrTx, recordingIds: readonly string[], days: number, at: Date): Promise<void> {
  if (recordingIds.length === 0) return;
  await sql`
    update packet_clips pc set retain_until = p.shared_at + make_interval(days => ${days}::int), updated_at = ${at}
    from packets p
    where pc.packet_id = p.id and p.recording_id = any(${[...recordingIds]}::uuid[]) and p.shared_at is not null
      and pc.expiry_stage is null and pc.state <> 'expired'
      and pc.retain_until is distinct from p.shared_at + make_interval(days => ${days}::int)
  `.execute(db);
}

export async function recordingIdsOfCall(db: DbOrTx, callId: string): Promise<string[]> {
  return (await db.selectFrom('recordings').select('id').where('call_id', '=', callId).execute()).map((r) => r.id);
}

export async function recordingIdsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select('r.id')
    .where('c.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}
