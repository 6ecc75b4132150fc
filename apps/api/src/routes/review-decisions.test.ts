import type { DecisionFeedResponse, ReviewItemDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError } from '../../../../test/support/media.ts';
import { api, claim, decide, detail, insertFlag, next, pollFeed, seedItem } from '../../../../test/support/review.ts';
import { auditRows, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// Deciding review items: who may decide what, what a decision must rest on, escalation, closing,
// reopening, and bulk actions.

let h: Harness;
let mod: StaffSession;
let mod2: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  mod = await staffSession(h, ['moderator']);
  mod2 = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

/** An item on a call with a recording, and one standing flag on that recording. */
async function flaggedItem(category: 'harassment' | 'fraud' = 'harassment') {
  const s = await seedItem(h, { reports: [category], recording: true });
  const flagId = await insertFlag(h, { recordingId: s.recordingId!, authorId: mod.userId, category });
  return { ...s, itemId: s.itemId!, flagId };
}

const postDecision = (s: StaffSession, id: string, body: Record<string, unknown>) =>
  api(h, s.session, 'POST', `/api/review-items/${id}/decision`, { rationale: 'as seen in the call', ...body });

async function emptyQueue() {
  await h.ctx.db
    .updateTable('review_items')
    .set({ status: 'closed', closed_at: h.ctx.now(), assignee_id: null, claimed_at: null, claim_expires_at: null })
    .where('status', '=', 'open')
    .execute();
}

describe('decision rules', () => {
  it('suspensions and bans are for leads: 403 for a moderator, nothing written', async () => {
    const item = await flaggedItem();
    await expectError(postDecision(mod, item.itemId, { outcome: 'ban_user', flagIds: [item.flagId] }), 403, 'forbidden');
    await expectError(
      postDecision(mod, item.itemId, { outcome: 'suspend_user', suspendDays: 7, flagIds: [item.flagId] }),
      403,
      'forbidden',
    );
    expect(await h.ctx.db.selectFrom('decisions').select('id').where('review_item_id', '=', item.itemId).execute()).toEqual([]);
    const d = await decide(h, lead.session, item.itemId, { outcome: 'suspend_user', suspendDays: 7, flagIds: [item.flagId] });
    expect(d).toMatchObject({
      outcome: 'suspend_user',
      suspendDays: 7,
      flagIds: [item.flagId],
      policyVersion: 'conduct-2026-11',
      policyClauses: ['prohibited.1.harassment'],
      decidedBy: { id: lead.userId },
      reopened: null,
    });
  });

  it('outcomes that say something happened must cite flags of this recording that stand', async () => {
    const item = await flaggedItem('fraud');
    const elsewhere = await flaggedItem();
    const retracted = await insertFlag(h, { recordingId: item.recordingId!, authorId: mod.userId, retractedBy: lead.userId });
    for (const outcome of ['warn_user', 'warn_creator', 'refer_to_agency']) {
      await expectError(postDecision(mod, item.itemId, { outcome }), 400, 'flags_required');
    }
    const unknown = await expectError(
      postDecision(mod, item.itemId, { outcome: 'warn_user', flagIds: [elsewhere.flagId] }),
      400,
      'unknown_flag',
    );
    expect(unknown.message).toMatch(/recording/);
    await expectError(
      postDecision(mod, item.itemId, { outcome: 'warn_user', flagIds: ['00000000-0000-4000-8000-000000000000'] }),
      400,
      'unknown_flag',
    );
    await expectError(postDecision(mod, item.itemId, { outcome: 'warn_user', flagIds: [item.flagId, retracted] }), 409, 'flag_retracted');
    // Body rules: a rationale; suspendDays only with a suspension.
    await expectError(postDecision(mod, item.itemId, { outcome: 'no_violation', rationale: '  ' }), 400, 'validation_failed');
    await expectError(postDecision(lead, item.itemId, { outcome: 'suspend_user', flagIds: [item.flagId] }), 400, 'validation_failed');
    await expectError(
      postDecision(mod, item.itemId, { outcome: 'warn_user', suspendDays: 3, flagIds: [item.flagId] }),
      400,
      'validation_failed',
    );
    await expectError(postDecision(mod, item.itemId, { outcome: 'shrug' }), 400, 'validation_failed');
    expect((await detail(h, mod.session, item.itemId)).status).toBe('open');

    const d = await decide(h, mod.session, item.itemId, { outcome: 'warn_user', flagIds: [item.flagId, item.flagId] });
    expect(d).toMatchObject({ outcome: 'warn_user', flagIds: [item.flagId], policyClauses: ['prohibited.6.fraud'] });
  });

  it('a decision closes the item (no second decision); someone else’s live claim is 409; an unclaimed item may be decided', async () => {
    const item = await flaggedItem();
    await claim(h, mod2.session, item.itemId);
    const err = await expectError(postDecision(mod, item.itemId, { outcome: 'no_violation' }), 409, 'claimed');
    expect(err.message).toContain(mod2.email.split('@')[0]);
    const d = await decide(h, mod2.session, item.itemId, { outcome: 'no_violation' });
    // No flags cited: the clauses of the reports' categories are what the decision was weighed against.
    expect(d.policyClauses).toEqual(['prohibited.1.harassment']);
    const after = await detail(h, mod.session, item.itemId);
    expect(after).toMatchObject({ status: 'closed', assignee: null, claimExpiresAt: null, closedAt: expect.any(String) });
    expect(after.decisions.map((x) => x.id)).toEqual([d.id]);
    expect(after.flags.map((f) => f.id)).toEqual([item.flagId]);
    await expectError(postDecision(mod, item.itemId, { outcome: 'no_violation' }), 409, 'closed');

    const unclaimed = await flaggedItem();
    const d2 = await decide(h, mod.session, unclaimed.itemId, { outcome: 'refer_to_agency', flagIds: [unclaimed.flagId] });
    expect(d2.decidedBy.id).toBe(mod.userId);

    const events = (await auditRows(h, 'review.decided')).filter((e) => e.subject_id === item.itemId);
    expect(events.map((e) => [e.actor_id, e.details])).toEqual([
      [
        mod2.userId,
        { decisionId: d.id, outcome: 'no_violation', suspendDays: null, flagIds: [], policyClauses: ['prohibited.1.harassment'] },
      ],
    ]);
  });

  it('escalate hands the item to the leads: a moderator’s next does not get it, a lead’s does', async () => {
    await emptyQueue();
    const item = await flaggedItem();
    await claim(h, mod.session, item.itemId);
    const esc = await decide(h, mod.session, item.itemId, { outcome: 'escalate', rationale: 'needs a lead' });
    expect(esc.outcome).toBe('escalate');
    expect(await detail(h, mod.session, item.itemId)).toMatchObject({ status: 'escalated', queue: 'leads', assignee: null });
    expect(await next(h, mod2.session)).toBeNull();
    expect(await next(h, mod.session)).toBeNull();
    await expectError(api(h, mod.session, 'POST', `/api/review-items/${item.itemId}/claim`), 403, 'forbidden');
    await expectError(postDecision(mod, item.itemId, { outcome: 'no_violation' }), 403, 'forbidden');

    // A lead takes the leads' queue before the moderators' one.
    const waiting = await seedItem(h, { reports: ['minor_involvement'] });
    const taken = await next(h, lead.session);
    expect(taken?.id).toBe(item.itemId);
    expect((await next(h, mod.session))?.id).toBe(waiting.itemId);
    await expectError(postDecision(lead, item.itemId, { outcome: 'escalate' }), 409, 'already_escalated');
    await decide(h, lead.session, item.itemId, { outcome: 'ban_user', flagIds: [item.flagId] });
    expect((await detail(h, lead.session, item.itemId)).decisions.map((d) => d.outcome)).toEqual(['escalate', 'ban_user']);
  });
});

describe('reopening', () => {
  it('only a lead reopens, with a reason; the item is open again in the lead’s hands and the decision is marked', async () => {
    const item = await flaggedItem();
    const d = await decide(h, mod.session, item.itemId, { outcome: 'warn_user', flagIds: [item.flagId] });
    await expectError(api(h, mod.session, 'POST', `/api/review-items/${item.itemId}/reopen`, { reason: 'no' }), 403, 'forbidden');
    await expectError(api(h, lead.session, 'POST', `/api/review-items/${item.itemId}/reopen`, {}), 400, 'validation_failed');
    const res = await api(h, lead.session, 'POST', `/api/review-items/${item.itemId}/reopen`, { reason: 'appeal upheld' });
    expect(res.status).toBe(200);
    const reopened = (await res.json()) as ReviewItemDetailDto;
    expect(reopened).toMatchObject({ status: 'claimed', assignee: { id: lead.userId }, closedAt: null });
    expect(reopened.decisions).toEqual([
      expect.objectContaining({
        id: d.id,
        reopened: { at: expect.any(String), by: expect.objectContaining({ id: lead.userId }), reason: 'appeal upheld' },
      }),
    ]);
    await expectError(api(h, lead.session, 'POST', `/api/review-items/${item.itemId}/reopen`, { reason: 'again' }), 409, 'not_closed');
    const events = (await auditRows(h, 'review.reopened')).filter((e) => e.subject_id === item.itemId);
    expect(events.map((e) => [e.actor_id, e.details])).toEqual([[lead.userId, { decisionId: d.id, reason: 'appeal upheld' }]]);
  });

  it('the decision after a reopen supersedes the reopened one in the platform feed', async () => {
    const item = await flaggedItem();
    const first = await decide(h, lead.session, item.itemId, { outcome: 'ban_user', flagIds: [item.flagId] });
    await api(h, lead.session, 'POST', `/api/review-items/${item.itemId}/reopen`, { reason: 'ban lifted on appeal' });
    const second = await decide(h, lead.session, item.itemId, { outcome: 'warn_user', flagIds: [item.flagId] });
    const feed = (await (await pollFeed(h, { limit: '500' })).json()) as DecisionFeedResponse;
    const mine = feed.items.filter((i) => i.callRef === item.callRef);
    expect(mine).toEqual([
      expect.objectContaining({ decisionId: first.id, outcome: 'ban_user', supersedes: null }),
      expect.objectContaining({ decisionId: second.id, outcome: 'warn_user', supersedes: first.id }),
    ]);
  });

  it('a call that got a new open item meanwhile cannot have its old item reopened (409)', async () => {
    const item = await flaggedItem();
    await decide(h, mod.session, item.itemId, { outcome: 'no_violation' });
    const again = await seedItem(h, { callRef: item.callRef, reports: ['hate'] });
    expect(again.itemId).not.toBe(item.itemId);
    await expectError(
      api(h, lead.session, 'POST', `/api/review-items/${item.itemId}/reopen`, { reason: 'second look' }),
      409,
      'open_item_exists',
    );
  });
});

describe('bulk', () => {
  it('close as no violation: skips items claimed by others and closed ones; one batchId on every event', async () => {
    const a = await flaggedItem();
    const b = await flaggedItem();
    const claimedByOther = await flaggedItem();
    const closed = await flaggedItem();
    await claim(h, mod2.session, claimedByOther.itemId);
    await decide(h, mod.session, closed.itemId, { outcome: 'no_violation' });
    await claim(h, mod.session, b.itemId);
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await api(h, mod.session, 'POST', '/api/review-items/bulk', {
      action: 'close_no_violation',
      ids: [a.itemId, b.itemId, claimedByOther.itemId, closed.itemId, missing, a.itemId],
      rationale: 'duplicate reports of a resolved misunderstanding',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { batchId: string; done: string[]; skipped: { id: string; code: string }[] };
    expect(body.done).toEqual([a.itemId, b.itemId]);
    expect(body.skipped).toEqual([
      { id: claimedByOther.itemId, code: 'claimed' },
      { id: closed.itemId, code: 'closed' },
      { id: missing, code: 'not_found' },
    ]);
    for (const id of [a.itemId, b.itemId]) expect((await detail(h, mod.session, id)).status).toBe('closed');
    expect((await detail(h, mod.session, claimedByOther.itemId)).status).toBe('claimed');
    const events = (await auditRows(h, 'review.decided')).filter((e) => (e.details as { batchId?: string }).batchId === body.batchId);
    expect(events.map((e) => e.subject_id)).toEqual([a.itemId, b.itemId]);
    expect(events.every((e) => (e.details as { outcome: string }).outcome === 'no_violation')).toBe(true);
    const feed = (await (await pollFeed(h, { limit: '500' })).json()) as DecisionFeedResponse;
    expect(feed.items.filter((i) => [a.callRef, b.callRef].includes(i.callRef)).map((i) => i.outcome)).toEqual([
      'no_violation',
      'no_violation',
    ]);
  });

  it('assign (leads only): skips closed items and escalated ones for a moderator; one batchId on every event', async () => {
    const a = await flaggedItem();
    const b = await flaggedItem();
    const escalated = await flaggedItem();
    const closed = await flaggedItem();
    await decide(h, mod.session, escalated.itemId, { outcome: 'escalate' });
    await decide(h, mod.session, closed.itemId, { outcome: 'no_violation' });
    const body = { action: 'assign', ids: [a.itemId, b.itemId, escalated.itemId, closed.itemId], staffUserId: mod2.userId };
    await expectError(api(h, mod.session, 'POST', '/api/review-items/bulk', body), 403, 'forbidden');
    const res = await api(h, lead.session, 'POST', '/api/review-items/bulk', body);
    const out = (await res.json()) as { batchId: string; done: string[]; skipped: { id: string; code: string }[] };
    expect(out.done).toEqual([a.itemId, b.itemId]);
    expect(out.skipped).toEqual([
      { id: escalated.itemId, code: 'escalated' },
      { id: closed.itemId, code: 'closed' },
    ]);
    for (const id of out.done) expect((await detail(h, mod2.session, id)).assignee?.id).toBe(mod2.userId);
    const events = (await auditRows(h, 'review.assigned')).filter((e) => (e.details as { batchId?: string }).batchId === out.batchId);
    expect(events.map((e) => [e.subject_id, e.details])).toEqual([
      [a.itemId, { assigneeId: mod2.userId, previousAssigneeId: null, batchId: out.batchId }],
      [b.itemId, { assigneeId: mod2.userId, previousAssigneeId: null, batchId: out.batchId }],
    ]);
    await expectError(
      api(h, lead.session, 'POST', '/api/review-items/bulk', { ...body, staffUserId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'not_assignable',
    );
    await expectError(
      api(h, lead.session, 'POST', '/api/review-items/bulk', { action: 'assign', ids: [], staffUserId: mod2.userId }),
      400,
      'validation_failed',
    );
  });

  it('the audit chain is intact', async () => {
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
