import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { claimJob, completeJob, enqueueJob, extendLease, failJob } from '../repositories/db/jobs-repo.ts';

// Leases: a job belongs to the worker that claimed it until its lease lapses; then another may take
// it, and from that moment only the new holder decides the job's outcome.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const jobRow = (id: number) =>
  h.ctx.db.selectFrom('jobs').select(['state', 'locked_by', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();

/** Lets the lease of a running job lapse now, as if its worker had died long ago. */
const lapse = (id: number) => sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`.execute(h.ctx.db);

describe('job leases', () => {
  it('a live lease keeps the job from others; renewing it works only for its holder', async () => {
    await enqueueJob(h.ctx.db, 'objects.sweep', {});
    const job = (await claimJob(h.ctx.db, 'worker-a', ['objects.sweep'], 60))!;
    expect(job).toBeDefined();
    expect(await claimJob(h.ctx.db, 'worker-b', ['objects.sweep'], 60)).toBeUndefined();
    expect(await extendLease(h.ctx.db, job.id, 'worker-a', 60)).toBe(true);
    expect(await extendLease(h.ctx.db, job.id, 'worker-b', 60)).toBe(false);
    expect(await completeJob(h.ctx.db, job.id, 'worker-a')).toBe(true);
    expect(await jobRow(job.id)).toEqual({ state: 'done', locked_by: null, attempts: 1 });
  });

  it('after the lease lapses another worker takes the job, and the first can no longer complete, fail or renew it', async () => {
    await enqueueJob(h.ctx.db, 'objects.sweep', {});
    const first = (await claimJob(h.ctx.db, 'worker-a', ['objects.sweep'], 60))!;
    await lapse(first.id);
    const second = (await claimJob(h.ctx.db, 'worker-b', ['objects.sweep'], 60))!;
    expect(second.id).toBe(first.id);
    expect(second.attempts).toBe(2);

    expect(await completeJob(h.ctx.db, first.id, 'worker-a')).toBe(false);
    expect(await failJob(h.ctx.db, first, 'worker-a', 'late failure', true)).toBe('lost');
    expect(await extendLease(h.ctx.db, first.id, 'worker-a', 60)).toBe(false);
    expect(await jobRow(first.id)).toEqual({ state: 'running', locked_by: 'worker-b', attempts: 2 });

    expect(await failJob(h.ctx.db, second, 'worker-b', 'real failure', true)).toBe('retry');
    expect(await jobRow(first.id)).toEqual({ state: 'queued', locked_by: null, attempts: 2 });
  });
});
