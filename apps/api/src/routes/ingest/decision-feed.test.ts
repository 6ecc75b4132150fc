import type { DecisionFeedItemDto, DecisionFeedResponse } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { expectError } from '../../../../../test/support/media.ts';
import { decide, insertFlag, pollFeed, seedItem } from '../../../../../test/support/review.ts';
import { auditRows, staffSession, type StaffSession } from '../../../../../test/support/seed-recording.ts';
import { verifyChain } from '../../services/audit/verify-chain.ts';

// GET /v1/ingest/decisions: what the call platform polls. Ordered, gap-free and stable while
// decisions are being written, and nothing in it about the staff who decided.

let h: Harness;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

async function poll(since?: string, limit = 100): Promise<DecisionFeedResponse> {
  const res = await pollFeed(h, { ...(since ? { since } : {}), limit: String(limit) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as DecisionFeedResponse;
}

describe('the decision feed', () => {
  it('is empty at first, and its cursor stays put when there is nothing new', async () => {
    const first = await poll();
    expect(first.items).toEqual([]);
    const again = await poll(first.next);
    expect(again).toEqual({ items: [], next: first.next });
  });

  it('30 decisions from several sessions at once, polled meanwhile: every decision once, in seq order, no gaps', async () => {
    const mods = await Promise.all(Array.from({ length: 5 }, () => staffSession(h, ['moderator'])));
    const items = [];
    for (let i = 0; i < 30; i++) {
      const withFlag = i % 5 === 0;
      const s = await seedItem(h, { reports: ['harassment'], recording: withFlag });
      const flagId = withFlag ? await insertFlag(h, { recordingId: s.recordingId!, authorId: lead.userId }) : null;
      items.push({ ...s, flagId });
    }
    const start = await poll();
    let cursor = start.next;
    const polled: DecisionFeedItemDto[] = [];
    let writing = true;
    let pollsWhileWriting = 0;
    const poller = (async () => {
      // Small pages, as fast as it can, the whole time the decisions are being written.
      while (writing) {
        pollsWhileWriting++;
        const page = await poll(cursor, 3);
        polled.push(...page.items);
        cursor = page.next;
      }
    })();
    const decided = await Promise.all(
      items.map((s, i) =>
        s.flagId
          ? decide(h, lead.session, s.itemId!, {
              outcome: i % 2 ? 'ban_user' : 'suspend_user',
              ...(i % 2 ? {} : { suspendDays: 30 }),
              flagIds: [s.flagId],
              rationale: `secret rationale ${i}`,
            })
          : decide(h, mods[i % mods.length]!.session, s.itemId!, { outcome: 'no_violation', rationale: `secret rationale ${i}` }),
      ),
    );
    writing = false;
    await poller;
    expect(pollsWhileWriting).toBeGreaterThan(2);
    for (let page = await poll(cursor, 3); page.items.length; page = await poll(cursor, 3)) {
      polled.push(...page.items);
      cursor = page.next;
    }

    const ids = polled.map((p) => p.decisionId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(decided.map((d) => d.id).sort());
    const seqs = await h.ctx.db.selectFrom('decision_feed').select(['seq', 'decision_id']).orderBy('seq').execute();
    const seqOf = new Map(seqs.map((r) => [r.decision_id, r.seq]));
    // In seq order and gap-free: the polled sequence is exactly seq 1..30.
    expect(ids.map((id) => seqOf.get(id))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    // Only the platform's own references.
    const byCall = new Map(items.map((s) => [s.callRef, s]));
    for (const p of polled) {
      expect(Object.keys(p).sort()).toEqual([
        'callRef',
        'creatorRef',
        'decidedAt',
        'decisionId',
        'outcome',
        'supersedes',
        'suspendDays',
        'userRef',
      ]);
      expect(byCall.has(p.callRef)).toBe(true);
    }
    const text = JSON.stringify(polled);
    expect(text).not.toMatch(/secret rationale|staff-|@kura\.test/);
    expect(text).not.toContain(lead.userId);
    for (const m of mods) expect(text).not.toContain(m.userId);
    expect(polled.filter((p) => p.outcome === 'suspend_user').every((p) => p.suspendDays === 30)).toBe(true);
  });

  it('escalations are not in the feed; polling is audited as the service', async () => {
    const before = await poll();
    const s = await seedItem(h);
    await decide(h, lead.session, s.itemId!, { outcome: 'escalate' });
    const after = await poll(before.next);
    expect(after.items).toEqual([]);
    const polled = (await auditRows(h, 'decisions.polled')).at(-1)!;
    expect(polled).toMatchObject({ actor_type: 'service', subject_type: 'decision_feed', subject_id: '*' });
    expect(polled.details).toEqual({ since: 30, count: 0 });
  });

  it('refuses a cursor it did not issue, bad limits, a staff session, and a wrong or missing token', async () => {
    await expectError(pollFeed(h, { since: 'garbage' }), 400, 'bad_cursor');
    await expectError(pollFeed(h, { since: 'd1.LTE' }), 400, 'bad_cursor');
    await expectError(pollFeed(h, { limit: '0' }), 400, 'validation_failed');
    await expectError(pollFeed(h, { limit: '501' }), 400, 'validation_failed');
    await expectError(pollFeed(h, {}, 'wrong-token-0123456789abcdefghij'), 401, 'unauthorized');
    await expectError(fetch(`${h.baseUrl}/v1/ingest/decisions`), 401, 'unauthorized');
    await expectError(fetch(`${h.baseUrl}/v1/ingest/decisions`, { headers: lead.session.headers() }), 401, 'unauthorized');
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
