import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kuraEnv } from '../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { makeMedia, waitFor } from '../../../../test/support/media.ts';
import { fromSource, startKuraProcess, type KuraProcess } from '../../../../test/support/processes.ts';
import { seedRecording } from '../../../../test/support/seed-recording.ts';

// Many workers on one PostgreSQL: `pnpm kura worker` processes (real OS processes, each with its
// own pool) share the jobs table. Every job runs to completion exactly once, and a worker killed
// mid-job (SIGKILL: no cleanup at all) leaves its job to another once its lease lapses.

// Short, so the takeover comes soon; live workers renew every third of it, which leaves slack under load.
const LEASE_SECONDS = 6;

let h: Harness;
let media: { bytes: Buffer; contentType: string };
const started: KuraProcess[] = [];

beforeAll(async () => {
  h = await createHarness();
  media = await makeMedia({ kind: 'mp4', seconds: 1, seed: 7 });
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop()));
});
afterAll(async () => {
  await h?.close();
});

async function startWorker(): Promise<KuraProcess> {
  const p = startKuraProcess(
    [...fromSource('apps/api/src/cli/main.ts'), 'worker'],
    kuraEnv(h, { LOG_LEVEL: 'debug', KURA_JOB_LEASE_SECONDS: String(LEASE_SECONDS) }),
  );
  started.push(p);
  await p.waitForLine(/^worker worker-\d+-[0-9a-f]+ running/);
  return p;
}

async function jobsFor(recordingIds: string[]): Promise<{ id: number; state: string; attempts: number }[]> {
  const { rows } = await sql<{ id: number; state: string; attempts: number }>`
    select id, state, attempts from jobs
    where queue = 'recording.process' and payload->>'recordingId' = any(${recordingIds}::text[])
    order by id`.execute(h.ctx.db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

async function processedEvents(recordingId: string): Promise<number> {
  const rows = await h.ctx.db
    .selectFrom('audit_events')
    .select('seq')
    .where('action', '=', 'recording.processed')
    .where('subject_id', '=', recordingId)
    .execute();
  return rows.length;
}

/** Job ids a worker's own log says it finished. */
function jobsDoneBy(p: KuraProcess): number[] {
  return p
    .logs()
    .filter((l) => l.msg === 'job done' && l.queue === 'recording.process')
    .map((l) => Number(l.jobId));
}

async function allSettled(recordingIds: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    `${recordingIds.length} recording(s) processed`,
    async () => {
      const rows = await h.ctx.db.selectFrom('recordings').select('state').where('id', 'in', recordingIds).execute();
      return rows.every((r) => r.state !== 'processing');
    },
    timeoutMs,
  );
}

describe('two worker processes on one database', () => {
  it('run N jobs between them, each exactly once', async () => {
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    const seeded = [];
    for (let i = 0; i < 6; i++) seeded.push(await seedRecording(h, media));
    const ids = seeded.map((s) => s.recordingId);
    await allSettled(ids, 150_000);

    const jobs = await jobsFor(ids);
    expect(jobs).toHaveLength(6);
    for (const j of jobs) expect({ id: j.id, state: j.state, attempts: j.attempts }).toEqual({ id: j.id, state: 'done', attempts: 1 });
    for (const id of ids) expect(await processedEvents(id)).toBe(1);
    const recordings = await h.ctx.db.selectFrom('recordings').select('state').where('id', 'in', ids).execute();
    expect(recordings.map((r) => r.state)).toEqual(ids.map(() => 'ready'));

    // Each job id appears in exactly one worker's log: no job ran in both. (A worker logs after its
    // commit, so the last line can trail the state read above.)
    await waitFor('six "job done" lines', async () => jobsDoneBy(a).length + jobsDoneBy(b).length >= 6, 10_000);
    const byA = jobsDoneBy(a);
    const byB = jobsDoneBy(b);
    expect([...byA, ...byB].sort((x, y) => x - y)).toEqual(jobs.map((j) => j.id).sort((x, y) => x - y));
    expect(byA.filter((id) => byB.includes(id))).toEqual([]);
  }, 240_000);

  it('a worker killed mid-job leaves the job to the other after the lease', async () => {
    const { recordingId } = await seedRecording(h, media);
    // Hold the recording's row: worker A does all the media work, then blocks writing the outcome,
    // in the middle of its transaction, for as long as this test keeps the lock.
    const blocker = new pg.Client({ connectionString: h.dbUrl });
    const admin = new pg.Client({ connectionString: h.adminUrl });
    await Promise.all([blocker.connect(), admin.connect()]);
    try {
      await blocker.query('begin');
      // NO KEY UPDATE: the thumbnail row's foreign key check passes, the outcome's UPDATE waits.
      await blocker.query('select id from recordings where id = $1 for no key update', [recordingId]);
      const a = await startWorker();
      await waitFor(
        'worker A blocked inside the job',
        async () => {
          const { rows } = await admin.query(
            `select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`,
            [h.dbName],
          );
          return rows[0].n === 1;
        },
        90_000,
      );
      const [held] = await jobsFor([recordingId]);
      const owner = await h.ctx.db.selectFrom('jobs').select(['locked_by', 'state']).where('id', '=', held!.id).executeTakeFirstOrThrow();
      expect(owner).toEqual({ state: 'running', locked_by: expect.stringMatching(new RegExp(`^worker-${a.pid}-`)) });

      a.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const b = await startWorker();
      await blocker.query('rollback');

      await allSettled([recordingId], 90_000);
      // The job is marked done after the handler's transaction commits the recording's outcome:
      // on a busy machine the recording's state can be read between the two.
      await waitFor('the job marked done', async () => (await jobsFor([recordingId]))[0]?.state === 'done', 10_000);
      const [job] = await jobsFor([recordingId]);
      // Two claims (A's, then B's after the lease), one completion.
      expect({ state: job!.state, attempts: job!.attempts }).toEqual({ state: 'done', attempts: 2 });
      await waitFor('worker B logs the job done', async () => jobsDoneBy(b).length > 0, 10_000);
      expect(jobsDoneBy(b)).toEqual([job!.id]);
      expect(await processedEvents(recordingId)).toBe(1);
      expect((await h.ctx.db.selectFrom('recordings').select('state').where('id', '=', recordingId).executeTakeFirstOrThrow()).state).toBe(
        'ready',
      );
    } finally {
      await blocker.end().catch(() => {});
      await admin.end();
    }
  }, 240_000);
});
