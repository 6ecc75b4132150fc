import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { jobQueues, queueNames, type JobPayload, type QueueName } from '../lib/job-queues.ts';
import { observeJob } from '../lib/metrics.ts';
import { claimJob, completeJob, extendLease, failJob, type ClaimedJob } from '../repositories/db/jobs-repo.ts';

/** A handler's verdict on an error: retry later (default) or give up now. */
export class PermanentJobError extends Error {}

export type JobHandler<Q extends QueueName> = (
  ctx: AppContext,
  payload: JobPayload<Q>,
  job: ClaimedJob,
  signal: AbortSignal,
) => Promise<void>;
export type JobHandlers = { [Q in QueueName]: JobHandler<Q> };

/** Start-up check behind the types: every queue has a handler and every handler a queue. */
export function assertCatalogueComplete(handlers: Record<string, unknown>): void {
  const missing = queueNames.filter((q) => typeof handlers[q] !== 'function');
  const unknown = Object.keys(handlers).filter((q) => !(q in jobQueues));
  if (missing.length || unknown.length) {
    throw new Error(
      `job catalogue mismatch: ${[...missing.map((q) => `no handler for ${q}`), ...unknown.map((q) => `unknown queue ${q}`)].join('; ')}`,
    );
  }
}

export interface WorkerOptions {
  handlers: JobHandlers;
  pollMs?: number;
  /** Defaults to config.jobLeaseSeconds (KURA_JOB_LEASE_SECONDS). */
  leaseSeconds?: number;
  concurrency?: number;
}

/**
 * Polls the jobs table and runs what is due. Any number of workers, in any number of processes,
 * can run at once: claims use FOR UPDATE SKIP LOCKED and a lease that a crashed worker lets lapse.
 * A live worker renews its lease every third of it, so the lease can be short (a dead worker's job
 * is picked up soon) while a job runs as long as it needs.
 */
export class Worker {
  readonly id = `worker-${process.pid}-${randomBytes(3).toString('hex')}`;
  private running = false;
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  private wake: (() => void) | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly opts: WorkerOptions,
  ) {
    assertCatalogueComplete(opts.handlers);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const n = this.opts.concurrency ?? 2;
    for (let i = 0; i < n; i++) this.loops.push(this.loop());
  }

  /** Lets an idle loop look again now (e.g. right after an enqueue in this process). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await Promise.allSettled(this.loops);
  }

  /** Runs due jobs until none is left; for CLI commands and tests. */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.runOne()) n++;
    return n;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let worked = false;
      try {
        worked = await this.runOne();
      } catch (err) {
        this.ctx.logger.error({ err }, 'worker loop error');
      }
      if (!worked && this.running) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.opts.pollMs ?? 1000);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async dispatch(job: ClaimedJob): Promise<void> {
    const queue = job.queue as QueueName;
    const parsed = jobQueues[queue].safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError(`bad job payload: ${parsed.error.message}`);
    const handler = this.opts.handlers[queue] as JobHandler<QueueName>;
    await handler(this.ctx, parsed.data as JobPayload<QueueName>, job, this.abort.signal);
  }

  private get leaseSeconds(): number {
    return this.opts.leaseSeconds ?? this.ctx.config.jobLeaseSeconds;
  }

  private async runOne(): Promise<boolean> {
    const lease = this.leaseSeconds;
    const job = await claimJob(this.ctx.db, this.id, queueNames, lease);
    if (!job) return false;
    const log = this.ctx.logger.child({ jobId: job.id, queue: job.queue, attempt: job.attempts, workerId: this.id });
    const heartbeat = setInterval(
      () =>
        void extendLease(this.ctx.db, job.id, this.id, lease).then(
          (held) => held || log.warn('lease lost: another worker has taken this job over'),
          (err) => log.warn({ err }, 'could not renew the job lease'),
        ),
      (lease * 1000) / 3,
    );
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      await this.dispatch(job);
      clearInterval(heartbeat);
      if (await completeJob(this.ctx.db, job.id, this.id)) {
        observeJob(job.queue, 'done', seconds());
        log.debug('job done');
      } else {
        log.warn('job finished after its lease was taken over; the other worker decides its outcome');
      }
    } catch (err) {
      clearInterval(heartbeat);
      const permanent = err instanceof PermanentJobError;
      const outcome = await failJob(this.ctx.db, job, this.id, (err as Error).message ?? String(err), !permanent);
      if (outcome !== 'lost') observeJob(job.queue, outcome, seconds());
      log.warn(
        { err },
        outcome === 'lost'
          ? 'job failed after its lease was taken over'
          : outcome === 'failed'
            ? 'job failed permanently'
            : 'job failed; will retry',
      );
    }
    return true;
  }
}
