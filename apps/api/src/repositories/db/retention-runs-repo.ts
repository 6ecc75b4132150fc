import { sql } from 'kysely';
import type { Db, DbOrTx, DbTx } from '@kura/db';

// Retention runs: the lock that lets only one run at a time, the run rows and their receipts.

const RETENTION_LOCK_SPACE = 0x6b75_0020;

/**
 * Runs `fn` on one connection that holds the retention lock for the whole run; null without
 * running it if another session holds the lock. The lock is a session lock: a crashed run's
 * connection closes and the lock goes with it. All the run's queries use that connection, so it
 * works with a pool of one (the embedded database).
 */
export async function withRetentionLock<T>(db: Db, fn: (conn: Db) => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_lock(${RETENTION_LOCK_SPACE}, 0) as got`.execute(conn);
    if (!rows[0]?.got) return null;
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${RETENTION_LOCK_SPACE}, 0)`.execute(conn);
    }
  });
}

export async function insertRun(db: DbOrTx, r: { dryRun: boolean; triggeredBy: string; startedAt: Date }): Promise<string> {
  const row = await db
    .insertInto('retention_runs')
    .values({ dry_run: r.dryRun, status: 'running', triggered_by: r.triggeredBy, started_at: r.startedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Runs left 'running' by a process that died; only called while holding the lock. */
export async function failAbandonedRuns(db: DbOrTx, exceptId: string, at: Date): Promise<number> {
  const rows = await db
    .updateTable('retention_runs')
    .set({ status: 'failed', finished_at: at })
    .where('status', '=', 'running')
    .where('id', '<>', exceptId)
    .returning('id')
    .execute();
  return rows.length;
}

export async function lastReceipt(db: DbOrTx): Promise<{ seq: number; receipt_hash: string } | undefined> {
  const row = await db
    .selectFrom('retention_runs')
    .select(['seq', 'receipt_hash'])
    .where('seq', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && row.seq !== null && row.receipt_hash !== null ? { seq: row.seq, receipt_hash: row.receipt_hash } : undefined;
}

export interface FinishedRun {
  status: 'done' | 'failed';
  finishedAt: Date;
  scanned: number;
  expired: number;
  bytesFreed: number;
  heldBack: Record<string, unknown>;
  errors: unknown[];
  seq: number | null;
  receipt: Record<string, unknown> | null;
  receiptHash: string | null;
}

export async function finishRun(tx: DbTx, id: string, r: FinishedRun): Promise<void> {
  await tx
    .updateTable('retention_runs')
    .set({
      status: r.status,
      finished_at: r.finishedAt,
      scanned: r.scanned,
      expired: r.expired,
      bytes_freed: r.bytesFreed,
      held_back: JSON.stringify(r.heldBack),
      errors: JSON.stringify(r.errors),
      seq: r.seq,
      receipt: r.receipt === null ? null : JSON.stringify(r.receipt),
      receipt_hash: r.receiptHash,
    })
    .where('id', '=', id)
    .execute();
}

const RUN_COLUMNS = [
  'id',
  'seq',
  'dry_run',
  'status',
  'triggered_by',
  'started_at',
  'finished_at',
  'scanned',
  'expired',
  'bytes_freed',
  'held_back',
  'errors',
  'receipt_hash',
] as const;

/** Newest first, keyset on (started_at, id). */
export async function listRuns(db: DbOrTx, limit: number, before?: { startedAt: Date; id: string }) {
  let q = db.selectFrom('retention_runs').select(RUN_COLUMNS).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('started_at', '<', before.startedAt), eb.and([eb('started_at', '=', before.startedAt), eb('id', '<', before.id)])]),
    );
  }
  return q.execute();
}

export async function findRun(db: DbOrTx, id: string) {
  return db
    .selectFrom('retention_runs')
    .select([...RUN_COLUMNS, 'receipt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every receipt of the chain in order, for verification. */
export async function chainedRuns(db: DbOrTx) {
  return db
    .selectFrom('retention_runs')
    .select(['id', 'seq', 'receipt', 'receipt_hash'])
    .where('seq', 'is not', null)
    .orderBy('seq')
    .execute();
}

export async function runCursor(db: DbOrTx, id: string): Promise<{ startedAt: Date; id: string } | undefined> {
  const row = await db.selectFrom('retention_runs').select(['id', 'started_at']).where('id', '=', id).executeTakeFirst();
  return row ? { startedAt: row.started_at, id: row.id } : undefined;
}
