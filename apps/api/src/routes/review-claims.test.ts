import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { api, claim, detail, listItems, next, seedItem } from '../../../../test/support/review.ts';
import { expectError } from '../../../../test/support/media.ts';
import { auditRows, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// Taking work from the queue: claims, "start reviewing", expiry, release and assignment.

const MINUTE = 60_000;
let h: Harness;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness({ claimIdleMinutes: 10 });
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

/** Closes every open item so each test starts from an empty queue. */
async function emptyQueue() {
  await h.ctx.db
    .updateTable('review_items')
    .set({ status: 'closed', closed_at: h.ctx.now(), assignee_id: null, claimed_at: null, claim_expires_at: null })
    .where('status', '=', 'open')
    .execute();
}

describe('claiming one item', () => {
  it('two moderators claim the same item at once: exactly one wins, the other gets 409 claimed naming the holder', async () => {
    const { itemId } = await seedItem(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    const names = new Map([
      [a.userId, a.email.split('@')[0]],
      [b.userId, b.email.split('@')[0]],
    ]);
    for (let round = 0; round < 5; round++) {
      await h.ctx.db
        .updateTable('review_items')
        .set({ assignee_id: null, claimed_at: null, claim_expires_at: null })
        .where('id', '=', itemId!)
        .execute();
      const [ra, rb] = await Promise.all([
        api(h, a.session, 'POST', `/api/review-items/${itemId}/claim`),
        api(h, b.session, 'POST', `/api/review-items/${itemId}/claim`),
      ]);
      const statuses = [ra.status, rb.status].sort();
      expect(statuses).toEqual([200, 409]);
      const [winRes, loseRes, winner] = ra.status === 200 ? [ra, rb, a] : [rb, ra, b];
      const won = (await winRes.json()) as { status: string; assignee: { id: string } };
      expect(won).toMatchObject({ status: 'claimed', assignee: { id: winner.userId } });
      const err = await expectError(loseRes, 409, 'claimed');
      expect(err.message).toContain(names.get(winner.userId));
      const row = await h.ctx.db.selectFrom('review_items').select('assignee_id').where('id', '=', itemId!).executeTakeFirstOrThrow();
      expect(row.assignee_id).toBe(winner.userId);
    }
    const claimed = await auditRows(h, 'review.claimed');
    expect(claimed.filter((e) => e.subject_id === itemId)).toHaveLength(5);
  });

  it('the 409 carries the holder as details; claiming your own item again extends it; a closed item is 409 closed', async () => {
    const { itemId } = await seedItem(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    const first = await claim(h, a.session, itemId!);
    const res = await api(h, b.session, 'POST', `/api/review-items/${itemId}/claim`);
    const body = (await res.clone().json()) as { error: { details: { holder: { id: string; displayName: string } } } };
    await expectError(res, 409, 'claimed');
    expect(body.error.details.holder).toEqual(first.assignee);
    h.advance(MINUTE);
    const again = await claim(h, a.session, itemId!);
    expect(Date.parse(again.claimExpiresAt!)).toBeGreaterThan(Date.parse(first.claimExpiresAt!));
    await h.ctx.db.updateTable('review_items').set({ status: 'closed', closed_at: h.ctx.now() }).where('id', '=', itemId!).execute();
    await expectError(api(h, a.session, 'POST', `/api/review-items/${itemId}/claim`), 409, 'closed');
    await expectError(api(h, a.session, 'POST', `/api/review-items/00000000-0000-4000-8000-000000000000/claim`), 404, 'not_found');
  });
});

describe('start reviewing (POST /api/review-items/next)', () => {
  it('20 moderators at once get 20 different items, the most urgent ones', async () => {
    await emptyQueue();
    const items = [];
    for (let i = 0; i < 25; i++) {
      // Priorities differ by category: the 20 handed out must be the most urgent 20.
      items.push(await seedItem(h, { reports: [i < 5 ? 'other' : 'threats_violence'] }));
    }
    const mods = await Promise.all(Array.from({ length: 20 }, () => staffSession(h, ['moderator'])));
    const got = await Promise.all(mods.map((m) => next(h, m.session)));
    const ids = got.map((g) => g!.id);
    expect(new Set(ids).size).toBe(20);
    const urgent = new Set(items.slice(5).map((i) => i.itemId));
    expect(ids.every((id) => urgent.has(id))).toBe(true);
    got.forEach((g, i) => expect(g!.assignee?.id).toBe(mods[i]!.userId));
    const rows = await h.ctx.db.selectFrom('review_items').select(['id', 'assignee_id']).where('id', 'in', ids).execute();
    expect(new Set(rows.map((r) => r.assignee_id)).size).toBe(20);
  });

  it('returns the item the caller already holds (no hoarding), 204 when nothing is left', async () => {
    await emptyQueue();
    const { itemId } = await seedItem(h);
    const m = await staffSession(h, ['moderator']);
    const first = await next(h, m.session);
    expect(first?.id).toBe(itemId);
    const second = await next(h, m.session);
    expect(second?.id).toBe(itemId);
    const other = await staffSession(h, ['moderator']);
    const res = await api(h, other.session, 'POST', '/api/review-items/next');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('the same person calling next twice at once still takes one item', async () => {
    await emptyQueue();
    await seedItem(h);
    await seedItem(h);
    const m = await staffSession(h, ['moderator']);
    const [x, y] = await Promise.all([next(h, m.session), next(h, m.session)]);
    expect(x!.id).toBe(y!.id);
    const held = await h.ctx.db.selectFrom('review_items').select('id').where('assignee_id', '=', m.userId).execute();
    expect(held).toHaveLength(1);
  });
});

describe('claim expiry', () => {
  it('a claim lapses after the idle time; then anyone may take the item, and viewing keeps a claim alive', async () => {
    await emptyQueue();
    const { itemId } = await seedItem(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    await claim(h, a.session, itemId!);

    // Activity of the holder (viewing the item) pushes the expiry out.
    h.advance(8 * MINUTE);
    const before = h.ctx.now().getTime();
    const viewed = await detail(h, a.session, itemId!);
    expect(Date.parse(viewed.claimExpiresAt!) - 10 * MINUTE).toBeGreaterThanOrEqual(before);
    expect(Date.parse(viewed.claimExpiresAt!) - 10 * MINUTE).toBeLessThanOrEqual(h.ctx.now().getTime());
    h.advance(8 * MINUTE);
    await expectError(api(h, b.session, 'POST', `/api/review-items/${itemId}/claim`), 409, 'claimed');
    expect((await listItems(h, b.session, { status: 'claimed' })).items.map((i) => i.id)).toContain(itemId);

    // Someone else viewing does not extend it.
    h.advance(1 * MINUTE);
    await detail(h, b.session, itemId!);
    h.advance(2 * MINUTE);
    const lapsed = await detail(h, b.session, itemId!);
    expect(lapsed).toMatchObject({ status: 'open', assignee: null, claimExpiresAt: null });
    // Every look at the item is on the record.
    const views = (await auditRows(h, 'review.viewed')).filter((e) => e.subject_id === itemId);
    expect(views.map((e) => [e.actor_id, e.subject_type, e.details])).toEqual([
      [a.userId, 'review_item', {}],
      [b.userId, 'review_item', {}],
      [b.userId, 'review_item', {}],
    ]);
    expect((await listItems(h, b.session, { status: 'open' })).items.map((i) => i.id)).toContain(itemId);

    // The lapsed item goes to whoever asks next, and the old holder's "next" no longer returns it.
    const taken = await next(h, b.session);
    expect(taken?.id).toBe(itemId);
    expect(await next(h, a.session)).toBeNull();
  });
});

describe('release and assign', () => {
  it('the holder releases; another moderator cannot release it; a lead can', async () => {
    await emptyQueue();
    const { itemId } = await seedItem(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    await claim(h, a.session, itemId!);
    await expectError(api(h, b.session, 'POST', `/api/review-items/${itemId}/release`), 409, 'claimed');
    const released = (await (await api(h, a.session, 'POST', `/api/review-items/${itemId}/release`)).json()) as { status: string };
    expect(released.status).toBe('open');
    await expectError(api(h, a.session, 'POST', `/api/review-items/${itemId}/release`), 409, 'not_claimed');

    await claim(h, b.session, itemId!);
    const byLead = await api(h, lead.session, 'POST', `/api/review-items/${itemId}/release`);
    expect(byLead.status).toBe(200);
    const events = (await auditRows(h, 'review.released')).filter((e) => e.subject_id === itemId);
    expect(events.map((e) => [e.actor_id, e.details])).toEqual([
      [a.userId, { assigneeId: a.userId }],
      [lead.userId, { assigneeId: b.userId }],
    ]);
  });

  it('a lead assigns and reassigns; only to enabled moderators and leads; escalated items only to leads', async () => {
    await emptyQueue();
    const { itemId } = await seedItem(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    const auditor = await staffSession(h, ['auditor']);
    await claim(h, a.session, itemId!);
    const res = await api(h, lead.session, 'POST', `/api/review-items/${itemId}/assign`, { staffUserId: b.userId });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { assignee: { id: string } }).assignee.id).toBe(b.userId);
    // The old holder lost it: their "next" does not return it.
    expect((await next(h, a.session))?.id ?? null).toBeNull();

    await expectError(
      api(h, lead.session, 'POST', `/api/review-items/${itemId}/assign`, { staffUserId: auditor.userId }),
      400,
      'not_assignable',
    );
    await expectError(
      api(h, lead.session, 'POST', `/api/review-items/${itemId}/assign`, { staffUserId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'not_assignable',
    );
    await h.ctx.db.updateTable('review_items').set({ queue: 'leads' }).where('id', '=', itemId!).execute();
    await expectError(api(h, lead.session, 'POST', `/api/review-items/${itemId}/assign`, { staffUserId: a.userId }), 400, 'not_assignable');
    const toLead = await api(h, lead.session, 'POST', `/api/review-items/${itemId}/assign`, { staffUserId: lead.userId });
    expect(toLead.status).toBe(200);

    const events = (await auditRows(h, 'review.assigned')).filter((e) => e.subject_id === itemId);
    expect(events.map((e) => e.details)).toEqual([
      { assigneeId: b.userId, previousAssigneeId: a.userId },
      { assigneeId: lead.userId, previousAssigneeId: b.userId },
    ]);
  });

  it('GET /api/review-items/assignable-staff lists enabled moderators and leads', async () => {
    const m = await staffSession(h, ['moderator']);
    const admin = await staffSession(h, ['admin']);
    const res = await api(h, lead.session, 'GET', '/api/review-items/assignable-staff');
    const body = (await res.json()) as { items: { id: string; roles: string[] }[] };
    const ids = body.items.map((i) => i.id);
    expect(ids).toContain(m.userId);
    expect(ids).toContain(lead.userId);
    expect(ids).not.toContain(admin.userId);
    expect(body.items.every((i) => i.roles.some((r) => r === 'moderator' || r === 'lead'))).toBe(true);
  });

  it('the audit chain is intact after all of it', async () => {
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
