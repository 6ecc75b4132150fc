import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kuraEnv } from '../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { fromSource, startKuraProcess, type KuraProcess } from '../../../../test/support/processes.ts';
import { api, claim, detail, seedItem } from '../../../../test/support/review.ts';
import { getMedia, grantAccess, seedProcessedRecording } from '../../../../test/support/seed-recording.ts';
import { createStaff, signIn } from '../../../../test/support/staff.ts';

// Two API processes (separate OS processes, separate pools) behind one load balancer, on one
// PostgreSQL: everything that must hold across requests lives in the database, so a request may
// land on either. Sessions, sign-in limits, access grants and review claims are checked here.

let h: Harness;
let procs: KuraProcess[] = [];
/** The same harness, addressed through API process A or B. */
let A: Harness;
let B: Harness;

async function startApi(): Promise<string> {
  const p = startKuraProcess(
    fromSource('apps/api/src/main.ts'),
    kuraEnv(h, { HOST: '127.0.0.1', PORT: '0', KURA_WORKERS: 'off', KURA_CHECKPOINT_MINUTES: 'off', LOG_LEVEL: 'warn' }),
  );
  procs.push(p);
  return (await p.waitForLine(/^Kura is running: (http:\/\/127\.0\.0\.1:\d+)$/))[1]!;
}

beforeAll(async () => {
  h = await createHarness();
  const [a, b] = await Promise.all([startApi(), startApi()]);
  A = { ...h, baseUrl: a };
  B = { ...h, baseUrl: b };
}, 240_000);
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  procs = [];
  await h?.close();
});

const postLogin = (via: Harness, email: string, password: string) =>
  fetch(`${via.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('two API processes on one database', () => {
  it('are two processes', () => {
    expect(A.baseUrl).not.toBe(B.baseUrl);
    expect(new Set(procs.map((p) => p.pid)).size).toBe(2);
  });

  it('a session opened on one works on the other, and a sign-out on the other ends it on both', async () => {
    const staff = await createStaff(h, ['moderator']);
    const s = await signIn(A, staff.email, staff.password);
    const me = await api(B, s, 'GET', '/api/auth/session');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(staff.email);

    const out = await api(B, s, 'POST', '/api/auth/logout');
    expect(out.status).toBeLessThan(300);
    await out.arrayBuffer();
    const after = await api(A, s, 'GET', '/api/auth/session');
    expect(after.status).toBe(401);
    await after.arrayBuffer();
  });

  it('the sign-in limit counts failures made on both', async () => {
    const staff = await createStaff(h, ['moderator']);
    for (const via of [A, B, A, B, A]) {
      const res = await postLogin(via, staff.email, 'not-the-password');
      expect(res.status).toBe(401);
      await res.arrayBuffer();
    }
    // Five failures in all, none five on one process: both now refuse even the right password.
    for (const via of [B, A]) {
      const res = await postLogin(via, staff.email, staff.password);
      expect(res.status).toBe(429);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    }
  });

  it('an access grant made on one lets the same person play the recording through the other', async () => {
    const { recordingId } = await seedProcessedRecording(h);
    const staff = await createStaff(h, ['moderator']);
    const onA = await signIn(A, staff.email, staff.password);
    const before = await getMedia(B, onA, recordingId, 'bytes=0-99');
    expect(before.status).toBe(403);
    await before.arrayBuffer();

    await grantAccess(A, onA, recordingId);
    const res = await getMedia(B, onA, recordingId, 'bytes=0-99');
    expect(res.status).toBe(206);
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    const reads = await h.ctx.db
      .selectFrom('audit_events')
      .select('actor_id')
      .where('action', '=', 'media.read')
      .where('subject_id', '=', recordingId)
      .execute();
    expect(reads).toEqual([{ actor_id: staff.userId }]);
  }, 150_000);

  it('a review claim taken on one is seen, and respected, by the other', async () => {
    const { itemId } = await seedItem(h);
    const [first, second] = [await createStaff(h, ['moderator']), await createStaff(h, ['moderator'])];
    const s1 = await signIn(A, first.email, first.password);
    const s2 = await signIn(B, second.email, second.password);

    await claim(A, s1, itemId!);
    expect((await detail(B, s2, itemId!)).assignee).toMatchObject({ id: first.userId });
    const taken = await api(B, s2, 'POST', `/api/review-items/${itemId}/claim`);
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('claimed');
  });
});
