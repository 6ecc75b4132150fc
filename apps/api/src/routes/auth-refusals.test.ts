import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { createStaff } from '../../../../test/support/staff.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// Sign-ins refused by the rate limit (429): they count toward the limit, but a person retrying
// by hand is let back in at last; and a burst of them cannot flood the audit chain.

const MINUTE = 60_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});
// All requests come from 127.0.0.1: leave both windows (and the 2x cap) behind between tests.
afterEach(() => h.advance(31 * MINUTE));

function postLogin(email: string, password: string): Promise<Response> {
  return fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

async function failFiveTimes(email: string): Promise<void> {
  for (let i = 0; i < 5; i++) expect((await postLogin(email, `wrong-${i}`)).status).toBe(401);
}

const refusalRows = (userId: string) =>
  h.ctx.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', 'auth.login_failed')
    .where('subject_id', '=', userId)
    .where('details', '@>', JSON.stringify({ reason: 'rate_limited' }) as never)
    .orderBy('seq')
    .execute();

const refusalsLedger = (email: string) =>
  h.ctx.db
    .selectFrom('login_attempts')
    .select(['id', 'audit_seq'])
    .where('email', '=', email)
    .where('refused', '=', true)
    .orderBy('id')
    .execute();

describe('refused sign-ins and the audit chain', () => {
  it('30 parallel refusals write one audit row per email and address per window; the next row reports the folded ones', async () => {
    const staff = await createStaff(h, ['moderator']);
    await failFiveTimes(staff.email);

    const statuses = await Promise.all(Array.from({ length: 30 }, () => postLogin(staff.email, staff.password).then((r) => r.status)));
    expect(statuses).toEqual(Array.from({ length: 30 }, () => 429));

    const rows = await refusalRows(staff.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'anonymous', details: { reason: 'rate_limited', refusals: 1 } });
    // Every refusal is counted, outside the chain; only the first is on it so far.
    const ledger = await refusalsLedger(staff.email);
    expect(ledger).toHaveLength(30);
    expect(ledger.filter((r) => r.audit_seq === rows[0]!.seq)).toHaveLength(1);
    expect(ledger.filter((r) => r.audit_seq === null)).toHaveLength(29);

    // A window later the account is free again; locked once more, the next refusal's row stands
    // for itself and the 29 folded into the previous window.
    h.advance(16 * MINUTE);
    await failFiveTimes(staff.email);
    expect((await postLogin(staff.email, staff.password)).status).toBe(429);
    const after = await refusalRows(staff.userId);
    expect(after).toHaveLength(2);
    expect(after[1]!.details).toEqual({ reason: 'rate_limited', refusals: 30 });
    expect((await refusalsLedger(staff.email)).filter((r) => r.audit_seq === null)).toHaveLength(0);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('every refusal is accounted for: on the chain (summed) or still pending in the ledger', async () => {
    const staff = await createStaff(h, ['moderator']);
    await failFiveTimes(staff.email);
    let refused = 0;
    for (let minute = 0; minute < 40; minute += 3) {
      const burst = await Promise.all(Array.from({ length: 4 }, () => postLogin(staff.email, 'still-wrong').then((r) => r.status)));
      refused += burst.filter((s) => s === 429).length;
      h.advance(3 * MINUTE);
    }
    const onChain = (await refusalRows(staff.userId)).reduce((n, r) => n + (r.details as { refusals: number }).refusals, 0);
    const pending = (await refusalsLedger(staff.email)).filter((r) => r.audit_seq === null).length;
    expect(refused).toBeGreaterThan(0);
    expect(onChain + pending).toBe(refused);
  });
});

describe('refusals count toward the limit, with a cap', () => {
  it('retrying during a lock extends it, but the right password works again within twice the window', async () => {
    const staff = await createStaff(h, ['moderator']);
    await failFiveTimes(staff.email);
    let firstSuccess: number | null = null;
    const statuses: number[] = [];
    for (let minute = 1; minute <= 40 && firstSuccess === null; minute++) {
      h.advance(MINUTE);
      const res = await postLogin(staff.email, staff.password);
      statuses.push(res.status);
      if (res.status === 200) firstSuccess = minute;
      else {
        expect(res.status).toBe(429);
        // Retry-After never points past the cap.
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual((31 - minute) * 60);
      }
    }
    // Without counting refusals the lock would end 15 minutes after the failures.
    expect(statuses.slice(0, 16).every((s) => s === 429)).toBe(true);
    expect(firstSuccess).not.toBeNull();
    expect(firstSuccess!).toBeLessThanOrEqual(31);
  });

  it('someone who waits out the lock is not held back by the refusals before it', async () => {
    const staff = await createStaff(h, ['moderator']);
    await failFiveTimes(staff.email);
    for (let i = 0; i < 3; i++) expect((await postLogin(staff.email, staff.password)).status).toBe(429);
    h.advance(15 * MINUTE + 5_000);
    expect((await postLogin(staff.email, staff.password)).status).toBe(200);
  });
});
