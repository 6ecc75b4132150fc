import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

// Separate advisory-lock namespaces for the two keys, so an email can never collide with an IP.
const EMAIL_LOCK_SPACE = 0x6b75_0001;
const IP_LOCK_SPACE = 0x6b75_0002;

/**
 * Serialises the count-then-record step per email and per IP until the transaction ends, so a
 * burst of parallel guesses cannot all pass the check before any of them is recorded. Always
 * email first, then IP: one order, so no deadlock.
 */
export async function lockAttemptKeys(tx: DbTx, email: string, ip: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${EMAIL_LOCK_SPACE}, hashtext(${email}))`.execute(tx);
  await sql`select pg_advisory_xact_lock(${IP_LOCK_SPACE}, hashtext(${ip}))`.execute(tx);
}

export interface FailureQuery {
  by: 'email' | 'ip';
  value: string;
  since: Date;
  /** 1-based: the n-th most recent failure. */
  nth: number;
  /** Count rate-limit refusals as failures too, or only attempts whose password was wrong. */
  withRefusals: boolean;
}

/**
 * The n-th most recent failure since `since`, if there are at least n: with a limit of n
 * failures per window, its time plus the window is when the caller may try again.
 */
export async function nthRecentFailure(db: DbOrTx, q: FailureQuery): Promise<Date | undefined> {
  let query = db
    .selectFrom('login_attempts')
    .select('attempted_at')
    .where(q.by, '=', q.value)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', q.since);
  if (!q.withRefusals) query = query.where('refused', '=', false);
  const row = await query
    .orderBy('attempted_at', 'desc')
    .offset(q.nth - 1)
    .limit(1)
    .executeTakeFirst();
  return row?.attempted_at;
}

export interface NewAttemptRow {
  email: string;
  ip: string;
  succeeded: boolean;
  refused?: boolean;
  at: Date;
}

export async function insertAttempt(db: DbOrTx, a: NewAttemptRow): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ email: a.email, ip: a.ip, succeeded: a.succeeded, refused: a.refused ?? false, attempted_at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Whether a refusal of this email from this address reached the audit chain after `since`. */
export async function refusalReportedSince(db: DbOrTx, email: string, ip: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('login_attempts')
    .select('id')
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('refused', '=', true)
    .where('audit_seq', 'is not', null)
    .where('attempted_at', '>', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnreportedRefusals(db: DbOrTx, email: string, ip: string): Promise<number> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('refused', '=', true)
    .where('audit_seq', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markRefusalsReported(db: DbOrTx, email: string, ip: string, auditSeq: number): Promise<void> {
  await db
    .updateTable('login_attempts')
    .set({ audit_seq: auditSeq })
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('refused', '=', true)
    .where('audit_seq', 'is', null)
    .execute();
}

export async function markAttemptSucceeded(db: DbOrTx, attemptId: number): Promise<void> {
  await db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', attemptId).execute();
}
