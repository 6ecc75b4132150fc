import { sql } from 'kysely';
import type { AuditEventRow, Db, DbOrTx, DbTx } from '@kura/db';

// Any constant works; it only has to be the same for every writer of the chain.
const CHAIN_LOCK_KEY = 0x6b757261; // "kura"

/** Serialises appenders until the end of the transaction, so the chain cannot fork. */
export async function lockChain(tx: DbTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(tx);
}

export async function chainHead(tx: DbOrTx): Promise<{ seq: number; hash: string; occurred_at: Date } | undefined> {
  return tx.selectFrom('audit_events').select(['seq', 'hash', 'occurred_at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export type NewAuditEventRow = Omit<AuditEventRow, 'details'> & { details: unknown };

/**
 * One INSERT for all the rows (a group commit's or a batch job's), each column sent as one array:
 * twelve parameters however many rows, so a batch of a thousand costs PostgreSQL one small
 * statement to parse and plan, not one with twelve thousand parameters.
 */
export async function insertEvents(tx: DbTx, rows: NewAuditEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: NewAuditEventRow) => T) => rows.map(pick);
  await sql`insert into audit_events (seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, purpose, request_id, details, prev_hash, hash)
    select * from unnest(
      ${col((r) => r.seq)}::bigint[], ${col((r) => r.occurred_at)}::timestamptz[], ${col((r) => r.actor_type)}::text[],
      ${col((r) => r.actor_id)}::text[], ${col((r) => r.action)}::text[], ${col((r) => r.subject_type)}::text[],
      ${col((r) => r.subject_id)}::text[], ${col((r) => r.purpose)}::text[], ${col((r) => r.request_id)}::text[],
      ${col((r) => JSON.stringify(r.details))}::jsonb[], ${col((r) => r.prev_hash)}::text[], ${col((r) => r.hash)}::text[]
    )`.execute(tx);
}

/**
 * The rows in one statement of their own (its own transaction), the chain lock taken first inside
 * it: one round trip. The rows were linked to `after`, a head the caller remembers; nothing is
 * inserted (false) unless that row is still the newest the statement sees, and if a writer
 * committed a newer one the statement could not see, its seq is taken and the primary key refuses
 * the lot (unique violation, 23505).
 */
export async function insertEventsLocked(db: Db, after: { hash: string }, rows: NewAuditEventRow[]): Promise<boolean> {
  const values = rows.map(
    (r) =>
      sql`(${r.seq}::bigint, ${r.occurred_at}::timestamptz, ${r.actor_type}, ${r.actor_id}, ${r.action}, ${r.subject_type}, ${r.subject_id}, ${r.purpose}, ${r.request_id}, ${JSON.stringify(r.details)}::jsonb, ${r.prev_hash}, ${r.hash})`,
  );
  // Materialized and joined, so the lock is taken before the first row is inserted.
  const out = await sql`with chain_lock as materialized (select pg_advisory_xact_lock(${CHAIN_LOCK_KEY}))
    insert into audit_events (seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, purpose, request_id, details, prev_hash, hash)
    select v.* from chain_lock,
      (values ${sql.join(values)}) as v (seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, purpose, request_id, details, prev_hash, hash)
    where (select hash from audit_events order by seq desc limit 1) = ${after.hash}`.execute(db);
  return Number(out.numAffectedRows ?? 0) === rows.length;
}

export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq', 'asc').limit(limit).execute();
}

/** The hash of each of these rows that exists (seq → hash). */
export async function hashesAt(db: DbOrTx, seqs: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 1000) {
    const batch = seqs.slice(i, i + 1000);
    const rows = await db.selectFrom('audit_events').select(['seq', 'hash']).where('seq', 'in', batch).execute();
    for (const r of rows) out.set(r.seq, r.hash);
  }
  return out;
}

/** How many events after `afterSeq` have an action other than `action`. */
export async function countEventsAfterExcept(db: DbOrTx, afterSeq: number, action: string): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('seq', '>', afterSeq)
    .where('action', '<>', action)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SubjectEventFilter {
  subjectType: string;
  subjectId: string;
  actions: string[];
  limit: number;
}

export async function eventsForSubject(db: DbOrTx, f: SubjectEventFilter): Promise<AuditEventRow[]> {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_type', '=', f.subjectType)
    .where('subject_id', '=', f.subjectId)
    .where('action', 'in', f.actions)
    .orderBy('seq', 'desc')
    .limit(f.limit)
    .execute();
}

export interface EventPageFilter {
  before?: number;
  action?: string;
  subjectId?: string;
  limit: number;
}

/**
 * Newest first, keyset by seq. A filtered page takes its seqs from the filter's own index
 * ((action, seq) or (subject_id, seq), read alone) and then its rows by key. Asked in one
 * statement, PostgreSQL walks the key backwards and filters whenever the action is common
 * (`media.read`), and every newer row of another action is then read and dropped: the console's
 * own list views put their audit events on top of the chain, and at 10 M events with the lists
 * scenario's traffic on top that page cost PostgreSQL 5.6 ms (test/bench/README.md, tenth round).
 */
export async function eventPage(db: DbOrTx, f: EventPageFilter): Promise<AuditEventRow[]> {
  if (!f.action && !f.subjectId) {
    let q = db.selectFrom('audit_events').selectAll();
    if (f.before !== undefined) q = q.where('seq', '<', f.before);
    return q.orderBy('seq', 'desc').limit(f.limit).execute();
  }
  let seqs = db.selectFrom('audit_events').select('seq');
  if (f.before !== undefined) seqs = seqs.where('seq', '<', f.before);
  if (f.action) seqs = seqs.where('action', '=', f.action);
  if (f.subjectId) seqs = seqs.where('subject_id', '=', f.subjectId);
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', 'in', seqs.orderBy('seq', 'desc').limit(f.limit))
    .orderBy('seq', 'desc')
    .execute();
}
