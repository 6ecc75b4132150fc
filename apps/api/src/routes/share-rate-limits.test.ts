import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { createDb } from '@kura/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { auditRows, expectError, staffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY } from '../../../../test/support/shared-packet.ts';
import { createApp } from '../app.ts';
import { listen } from '../server.ts';

// Limits on the agency's side, kept in PostgreSQL: per token and source for every request, per
// link and source for passphrase guesses; 429 with Retry-After. Refusals past the passphrase
// limit are folded into one audit row per window.

const randomToken = () => randomBytes(32).toString('base64url');

/** Moves the app's clock to the start of a fresh window, so a test never straddles two. */
function startOfWindow(h: Harness, windowMs: number): void {
  h.advance(windowMs - (h.ctx.now().getTime() % windowMs) + 1);
}

async function expect429(res: Response, maxRetryAfter: number): Promise<number> {
  await expectError(res, 429, 'rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return retryAfter;
}

describe('requests per token and source', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ shareRequestsPerMinute: 5 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('allows the limit per minute for each token, valid or not, then answers 429 until the window ends', async () => {
    const lead = await staffSession(h, ['lead']);
    const p = await createApprovedPacket(h, { approver: lead });
    const link = await createLink(h, lead, p.packetId);
    const agency = new AgencyClient(h, link.token);
    startOfWindow(h, 60_000);
    expect((await agency.startSession()).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await agency.get()).status).toBe(200);
    await expect429(await agency.get(), 60);
    // The limit is per token: another token from the same address has its own count.
    const wrong = randomToken();
    for (let i = 0; i < 5; i++) await expectError(await fetch(`${h.baseUrl}/v1/share/${wrong}`), 404, 'not_found');
    await expect429(await fetch(`${h.baseUrl}/v1/share/${wrong}`), 60);
    // Counters hold the token's hash, never the token.
    const keys = (await h.ctx.db.selectFrom('rate_limit_windows').select('key').execute()).map((r) => r.key);
    expect(keys.join(' ')).not.toContain(link.token);
    expect(keys.join(' ')).not.toContain(wrong);

    h.advance(60_000);
    expect((await agency.get()).status).toBe(200);
  });

  it('counts across API processes: they share the counters in PostgreSQL', async () => {
    const db = createDb(h.dbUrl, 2);
    const server: ServerType = await listen(createApp({ ...h.ctx, db }), '127.0.0.1', 0);
    try {
      const otherUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const token = randomToken();
      startOfWindow(h, 60_000);
      for (const base of [h.baseUrl, otherUrl, h.baseUrl, otherUrl, h.baseUrl]) {
        await expectError(await fetch(`${base}/v1/share/${token}`), 404, 'not_found');
      }
      await expect429(await fetch(`${otherUrl}/v1/share/${token}`), 60);
      await expect429(await fetch(`${h.baseUrl}/v1/share/${token}`), 60);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    }
  });

  it('limits one address across made-up tokens too', async () => {
    startOfWindow(h, 60_000);
    for (let i = 0; i < 10; i++) {
      const token = randomToken();
      for (let j = 0; j < 5; j++) await expectError(await fetch(`${h.baseUrl}/v1/share/${token}`), 404, 'not_found');
    }
    await expect429(await fetch(`${h.baseUrl}/v1/share/${randomToken()}`), 60);
  });
});

describe('passphrase guesses per link and source', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('ten guesses per 15 minutes; each wrong one audited, the refusals after them folded into one row per window', async () => {
    const lead = await staffSession(h, ['lead']);
    const p = await createApprovedPacket(h, { approver: lead });
    const link = await createLink(h, lead, p.packetId, { ...LINK_BODY, passphrase: 'the right passphrase' });
    const agency = new AgencyClient(h, link.token);
    startOfWindow(h, 15 * 60_000);
    const refusals = async () =>
      (await auditRows(h, 'share.session_refused')).filter((e) => e.actor_id === link.linkId).map((e) => e.details);

    for (let i = 0; i < 10; i++) await expectError(await agency.startSession(`wrong guess ${i}`), 401, 'passphrase_required');
    // Even the right passphrase waits now: guesses are counted before they are checked.
    await expect429(await agency.startSession('the right passphrase'), 15 * 60);
    for (let i = 0; i < 9; i++) await expect429(await agency.startSession(`wrong again ${i}`), 15 * 60);
    expect(agency.cookie).toBeNull();
    const wrongRow = { linkId: link.linkId, reason: 'wrong_passphrase' };
    expect(await refusals()).toEqual([...Array(10).fill(wrongRow), { linkId: link.linkId, reason: 'rate_limited' }]);

    // The next window: guesses again; its first refusal past the limit reports the 9 folded before.
    h.advance(15 * 60_000);
    for (let i = 0; i < 10; i++) await expectError(await agency.startSession(`later ${i}`), 401, 'passphrase_required');
    await expect429(await agency.startSession('the right passphrase'), 15 * 60);
    const rows = await refusals();
    expect(rows).toHaveLength(22);
    expect(rows.at(-1)).toEqual({ linkId: link.linkId, reason: 'rate_limited', folded: 9 });

    // Once the window has passed, the right passphrase opens the link.
    h.advance(15 * 60_000);
    expect((await agency.startSession('the right passphrase')).status).toBe(200);
    expect((await agency.get()).status).toBe(200);
  });
});
