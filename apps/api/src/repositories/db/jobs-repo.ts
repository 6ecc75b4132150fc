import { sql } from 'kysely';
import type { DbOrTx } from '@kura/db';
import type { JobPayload, QueueName } from '../../lib/job-queues.ts';

export interface ClaimedJob {
  id: number;
  queue: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** Enqueue inside the caller's transaction: the job exists iff the change that needs it commits. */
export async function enqueueJob<Q extends QueueName>(
  db: DbOrTx,
  queue: Q,
  payload: JobPayload<Q>,
  opts: { dedupeKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      queue,
      payload: JSON.stringify(payload),
      dedupe_key: opts.dedupeKey ?? null,
      state: 'queued',
      run_at: opts.runAt ?? sql<Date>`now()`,
      max_attempts: opts.maxAttempts ?? 5,
    })
    .onConflict((oc) =>
      oc.columns(['queue', 'dedupe_key']).where('dedupe_key', 'is not', null).where('state', 'in', ['queued', 'running']).doNothing(),
    )
    .execute();
}

/**
 * Takes one due job. SKIP LOCKED lets any number of workers poll without blocking each other; a
 * running job whose lease ran out (its worker died) is due again.
 */
export async function claimJob(db: DbOrTx, workerId: string, queues: string[], leaseSeconds: number): Promise<ClaimedJob | undefined> {
  const result = await sql<ClaimedJob>`
    update jobs set state = 'running', attempts = attempts + 1, locked_by = ${workerId},
      locked_until = now() + make_interval(secs => ${leaseSeconds})
    where id = (
      select id from jobs
      where queue = any(${queues}::text[])
        and ((state = 'queued' and run_at <= now()) or (state = 'running' and locked_until < now()))
      order by run_at
      for update skip locked
      limit 1
    )
    returning id, queue, payload, attempts, max_attempts`.execute(db);
  return result.rows[0];
}

/**
 * Marks the job done if this worker still holds it. False: its lease lapsed and another worker
 * took the job over, whose own outcome is the one that counts.
 */
export async function completeJob(db: DbOrTx, id: number, workerId: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ state: 'done', finished_at: sql`now()`, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Backoff doubles per attempt (5 s, 10 s, 20 s …); past max_attempts the job stays failed. Like
 * completeJob, only while this worker holds it; the answer says what became of the job.
 */
export async function failJob(
  db: DbOrTx,
  job: ClaimedJob,
  workerId: string,
  error: string,
  retry: boolean,
): Promise<'retry' | 'failed' | 'lost'> {
  const final = !retry || job.attempts >= job.max_attempts;
  const r = await db
    .updateTable('jobs')
    .set({
      state: final ? 'failed' : 'queued',
      last_error: error.slice(0, 4000),
      locked_by: null,
      locked_until: null,
      run_at: sql`now() + make_interval(secs => ${5 * 2 ** (job.attempts - 1)})`,
      finished_at: final ? sql`now()` : null,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return 'lost';
  return final ? 'failed' : 'retry';
}

export async function pendingJobCount(db: DbOrTx, queue?: QueueName): Promise<number> {
  let q = db
    .selectFrom('jobs')
    .select(sql<string>`count(*)`.as('n'))
    .where('state', 'in', ['queued', 'running']);
  if (queue) q = q.where('queue', '=', queue);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface QueueStatRow {
  queue: string;
  depth: number;
  oldestAgeSeconds: number;
  running: number;
}

/** Per queue: jobs due and waiting, the age of the oldest of them, and jobs under a live lease. */
export async function queueStats(db: DbOrTx): Promise<QueueStatRow[]> {
  const { rows } = await sql<{ queue: string; depth: string; oldest: string | null; running: string }>`
    select queue,
      count(*) filter (where state = 'queued' and run_at <= now()) as depth,
      extract(epoch from now() - min(run_at) filter (where state = 'queued' and run_at <= now())) as oldest,
      count(*) filter (where state = 'running' and locked_until >= now()) as running
    from jobs
    where state in ('queued', 'running')
    group by queue`.execute(db);
  return rows.map((r) => ({
    queue: r.queue,
    depth: Number(r.depth),
    oldestAgeSeconds: r.oldest === null ? 0 : Number(r.oldest),
    running: Number(r.running),
  }));
}

/** Keeps a running job's lease while its worker is alive; false once another worker holds it. */
export async function extendLease(db: DbOrTx, id: number, workerId: string, leaseSeconds: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .where('locked_by', '=', workerId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
