import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

// Everything Kura holds about one platform user, for a disclosure request (開示請求). Every
// query starts from the user's id: their calls, and what hangs off those calls. Nothing here
// reaches another user's rows.

export async function listDisclosureRequests(db: DbOrTx, status?: 'pending' | 'done' | 'refused') {
  let q = db
    .selectFrom('user_events as e')
    .innerJoin('platform_users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'u.ref as user_ref', 'e.request_ref', 'e.at', 'e.received_at', 'e.status', 'e.resolved_at'])
    .where('e.type', '=', 'disclosure_request');
  if (status) q = q.where('e.status', '=', status);
  // Open requests first (oldest first: the longest waiting), then the rest, newest first.
  return q
    .orderBy(sql`case when e.status = 'pending' then 0 else 1 end`)
    .orderBy(sql`case when e.status = 'pending' then e.received_at end`, 'asc')
    .orderBy('e.received_at', 'desc')
    .orderBy('e.id')
    .limit(500)
    .execute();
}
export type DisclosureRequestRow = Awaited<ReturnType<typeof listDisclosureRequests>>[number];

export async function findDisclosureRequest(db: DbOrTx, id: string) {
  return db
    .selectFrom('user_events as e')
    .innerJoin('platform_users as u', 'u.id', 'e.user_id')
    .select(['e.id', 'u.ref as user_ref', 'e.request_ref', 'e.at', 'e.received_at', 'e.status', 'e.resolved_at'])
    .where('e.type', '=', 'disclosure_request')
    .where('e.id', '=', id)
    .executeTakeFirst();
}

/** Locks the request: two leads producing it at once take turns, and only the first marks it done. */
export async function lockDisclosureRequest(tx: DbTx, id: string) {
  return tx
    .selectFrom('user_events')
    .select(['id', 'user_id', 'request_ref', 'status'])
    .where('type', '=', 'disclosure_request')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function markDisclosureDone(tx: DbTx, id: string, by: string, at: Date): Promise<void> {
  await tx
    .updateTable('user_events')
    .set({ status: 'done', resolved_at: at, resolved_by: by })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function disclosureSubject(db: DbOrTx, userId: string) {
  return db
    .selectFrom('platform_users')
    .select(['id', 'ref', 'is_minor', 'withdrawn_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export async function callsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('calls as c')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .innerJoin('agencies as a', 'a.id', 'cr.agency_id')
    .select([
      'c.id',
      'c.ref',
      'c.started_at',
      'c.ended_at',
      'cr.ref as creator_ref',
      'cr.name as creator_name',
      'a.ref as agency_ref',
      'a.name as agency_name',
    ])
    .where('c.user_id', '=', userId)
    .orderBy('c.started_at')
    .orderBy('c.id')
    .execute();
}

export async function recordingsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select([
      'r.id',
      'c.ref as call_ref',
      'r.state',
      'r.content_type',
      'r.duration_ms',
      'r.plaintext_bytes',
      'r.sha256',
      'r.uploaded_at',
      'r.retain_until',
      'r.retention_reason',
      'r.policy_version',
      'r.privacy_policy_version',
      'r.expired_at',
    ])
    .where('c.user_id', '=', userId)
    .where('r.state', '<>', 'uploading')
    .orderBy('c.started_at')
    .orderBy('r.id')
    .execute();
}

export async function reportsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('reports as rp')
    .innerJoin('calls as c', 'c.id', 'rp.call_id')
    .select(['rp.id', 'c.ref as call_ref', 'rp.reporter', 'rp.category', 'rp.note', 'rp.at_seconds', 'rp.created_at'])
    .where('c.user_id', '=', userId)
    .orderBy('rp.created_at')
    .orderBy('rp.id')
    .execute();
}

export async function flagsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('flags as f')
    .innerJoin('recordings as r', 'r.id', 'f.recording_id')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select(['f.id', 'c.ref as call_ref', 'f.category', 'f.severity', 'f.start_ms', 'f.end_ms', 'f.note', 'f.created_at', 'f.retracted_at'])
    .where('c.user_id', '=', userId)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
}

export async function decisionsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('calls as c', 'c.id', 'd.call_id')
    .select([
      'd.id',
      'd.review_item_id',
      'c.ref as call_ref',
      'd.outcome',
      'd.suspend_days',
      'd.decided_at',
      'd.policy_version',
      'd.policy_clauses',
      'd.reopened_at',
    ])
    .where('c.user_id', '=', userId)
    .orderBy('d.decided_at')
    .orderBy('d.id')
    .execute();
}

/** Records name their data subject by ref (the record outlives the rows it describes). */
export async function provisionRecordsAboutUser(db: DbOrTx, userRef: string) {
  return db
    .selectFrom('provision_records as p')
    .innerJoin('agencies as a', 'a.id', 'p.recipient_agency_id')
    .select([
      'p.id',
      'p.provided_at',
      'p.recipient_ref',
      'a.name as recipient_agency_name',
      'p.items',
      'p.basis',
      'p.privacy_policy_version',
    ])
    .where('p.subject_type', '=', 'user')
    .where('p.subject_ref', '=', userRef)
    .orderBy('p.provided_at')
    .orderBy('p.id')
    .execute();
}

export async function userEventsOfUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('user_events')
    .select(['id', 'type', 'at', 'received_at', 'status', 'status_reason'])
    .where('user_id', '=', userId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

export async function accountNotesAboutUser(db: DbOrTx, userId: string) {
  return db
    .selectFrom('account_notes')
    .select(['id', 'created_at'])
    .where('account_type', '=', 'user')
    .where('account_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function reviewItemIdsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .select('ri.id')
    .where('c.user_id', '=', userId)
    .execute();
  return rows.map((r) => r.id);
}

export async function packetIdsOfUser(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('packets').select('id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.id);
}

/**
 * Reads of the user's data by people (staff and agencies), counted per Tokyo day, actor, action
 * and purpose. Subjects: the user, their calls, recordings, reports, review items and packets.
 */
export async function accessToUserData(db: DbOrTx, subjects: { type: string; ids: string[] }[]) {
  const wanted = subjects.filter((s) => s.ids.length > 0);
  if (wanted.length === 0) return [];
  return db
    .selectFrom('audit_events as e')
    .leftJoin('staff_users as s', (j) => j.on(sql`s.id::text`, '=', sql.ref('e.actor_id')).on('e.actor_type', '=', 'staff'))
    .select([
      sql<string>`to_char(e.occurred_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD')`.as('day'),
      'e.actor_type',
      's.roles',
      'e.action',
      'e.purpose',
      sql<string>`count(*)`.as('n'),
    ])
    .where('e.actor_type', 'in', ['staff', 'agency'])
    .where((eb) => eb.or(wanted.map((s) => eb.and([eb('e.subject_type', '=', s.type), eb('e.subject_id', 'in', s.ids)]))))
    .groupBy(['day', 'e.actor_type', 'e.actor_id', 's.roles', 'e.action', 'e.purpose'])
    .execute();
}
