import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { drainJobs, uploadRecording } from '../../../../test/support/media.ts';
import { api, decide, insertFlag, listItems, seedItem } from '../../../../test/support/review.ts';
import { staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { enqueueJob } from '../repositories/db/jobs-repo.ts';

// How urgent each item is, and why, for a set of items built to exercise every part of the
// formula; and the moments a score is recomputed.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  mod = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

const tag = () => randomBytes(4).toString('hex');
async function itemRow(id: string) {
  return h.ctx.db
    .selectFrom('review_items')
    .select(['priority', 'priority_reasons', 'categories'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('priority', () => {
  it('orders a set of items and explains each score', async () => {
    const agency = `agency-${tag()}`;
    const repeatUser = `user-${tag()}`;
    const busyCreator = `creator-${tag()}`;
    const minorUser = `user-${tag()}`;

    // History first: two reports on another call of repeatUser, one on another call of busyCreator.
    const history = [
      await seedItem(h, { agencyRef: agency, userRef: repeatUser, reports: ['harassment', 'harassment'] }),
      await seedItem(h, { agencyRef: agency, creatorRef: busyCreator, reports: ['other'] }),
    ].map((s) => s.callRef);
    await h.ctx.db.insertInto('platform_users').values({ ref: minorUser, is_minor: true }).execute();

    const threats = await seedItem(h, { agencyRef: agency, reports: ['threats_violence'] });
    const minorReport = await seedItem(h, { agencyRef: agency, reports: ['minor_involvement'] });
    const minorFlagged = await seedItem(h, { agencyRef: agency, userRef: minorUser, reports: ['other'] });
    const threeReports = await seedItem(h, { agencyRef: agency, reports: ['harassment', 'contact_exchange', 'harassment'] });
    const repeat = await seedItem(h, { agencyRef: agency, userRef: repeatUser, reports: ['contact_exchange'] });
    const creator = await seedItem(h, { agencyRef: agency, creatorRef: busyCreator, reports: ['contact_exchange'] });
    const plain = await seedItem(h, { agencyRef: agency, reports: ['other'] });
    // Sampled at ingest: the only way a sampled item comes to be.
    h.ctx.config.sampleRate = 1;
    const sampled = await seedItem(h, { agencyRef: agency, reports: [], recording: true });
    h.ctx.config.sampleRate = 0;
    const staffOpened = await seedItem(h, { agencyRef: agency, reports: [], recording: true });
    const opened = await api(h, mod.session, 'POST', `/api/recordings/${staffOpened.recordingId}/review-items`, { note: 'looked odd' });
    expect(opened.status).toBe(201);

    const items = (await listItems(h, mod.session, { agency, sort: 'priority', limit: '100' })).items;
    const view = items
      .filter((i) => !history.includes(i.call.ref))
      .map((i) => ({ ref: i.call.ref, priority: i.priority, reasons: i.priorityReasons }));
    expect(view).toEqual([
      {
        ref: minorReport.callRef,
        priority: 65,
        reasons: [
          { code: 'category', category: 'minor_involvement', points: 40 },
          { code: 'minor', points: 25 },
        ],
      },
      { ref: threats.callRef, priority: 35, reasons: [{ code: 'category', category: 'threats_violence', points: 35 }] },
      {
        ref: minorFlagged.callRef,
        priority: 30,
        reasons: [
          { code: 'category', category: 'other', points: 5 },
          { code: 'minor', points: 25 },
        ],
      },
      {
        ref: threeReports.callRef,
        priority: 30,
        reasons: [
          { code: 'category', category: 'harassment', points: 20 },
          { code: 'reports', count: 3, points: 10 },
        ],
      },
      {
        ref: repeat.callRef,
        priority: 21,
        reasons: [
          { code: 'category', category: 'contact_exchange', points: 15 },
          { code: 'user_history', reports: 2, violations: 0, points: 6 },
        ],
      },
      {
        ref: creator.callRef,
        priority: 17,
        reasons: [
          { code: 'category', category: 'contact_exchange', points: 15 },
          { code: 'creator_history', reports: 1, violations: 0, points: 2 },
        ],
      },
      { ref: staffOpened.callRef, priority: 10, reasons: [{ code: 'staff_opened', points: 10 }] },
      { ref: plain.callRef, priority: 5, reasons: [{ code: 'category', category: 'other', points: 5 }] },
      { ref: sampled.callRef, priority: 5, reasons: [{ code: 'sampled', points: 5 }] },
    ]);
    expect(items.find((i) => i.call.ref === sampled.callRef)).toMatchObject({ source: 'sample', reportCount: 0 });
    expect(items.find((i) => i.call.ref === minorFlagged.callRef)).toMatchObject({ minor: true });
  });

  it('a report joining an item rescores it and updates its categories', async () => {
    const s = await seedItem(h, { reports: ['other'] });
    expect(await itemRow(s.itemId!)).toMatchObject({ priority: 5, categories: ['other'] });
    await seedItem(h, { callRef: s.callRef, reports: ['sexual_content'] });
    expect(await itemRow(s.itemId!)).toMatchObject({
      priority: 35,
      categories: ['other', 'sexual_content'],
      priority_reasons: [
        { code: 'category', category: 'sexual_content', points: 30 },
        { code: 'reports', count: 2, points: 5 },
      ],
    });
  });

  it('a decision on one call rescores the open items of the same user and creator (in the background)', async () => {
    const user = `user-${tag()}`;
    const creatorRef = `creator-${tag()}`;
    const decided = await seedItem(h, { userRef: user, creatorRef, reports: ['harassment'], recording: true });
    const sibling = await seedItem(h, { userRef: user, reports: ['other'] });
    const creatorSibling = await seedItem(h, { creatorRef, reports: ['other'] });
    const before = await itemRow(sibling.itemId!);
    expect(before.priority_reasons).toContainEqual({ code: 'user_history', reports: 1, violations: 0, points: 3 });
    await drainJobs(h);

    const flag = await insertFlag(h, { recordingId: decided.recordingId!, authorId: mod.userId });
    await decide(h, lead.session, decided.itemId!, { outcome: 'ban_user', flagIds: [flag] });
    await decide(h, lead.session, (await seedItem(h, { creatorRef, reports: ['other'], recording: true })).itemId!, {
      outcome: 'no_violation',
    });
    expect(await drainJobs(h)).toBeGreaterThan(0);
    expect((await itemRow(sibling.itemId!)).priority_reasons).toContainEqual({
      code: 'user_history',
      reports: 1,
      violations: 1,
      points: 13,
    });
    // A ban is about the user: the creator's other item counts the reports, not a creator violation.
    expect((await itemRow(creatorSibling.itemId!)).priority_reasons).toContainEqual({
      code: 'creator_history',
      reports: 2,
      violations: 0,
      points: 4,
    });
  });

  it('items from before priorities existed are scored by the start-up job', async () => {
    const s = await seedItem(h, { reports: ['fraud', 'hate'] });
    await h.ctx.db
      .updateTable('review_items')
      .set({ priority: 0, priority_reasons: '[]', categories: [] })
      .where('id', '=', s.itemId!)
      .execute();
    await drainJobs(h);
    await enqueueJob(h.ctx.db, 'review.rescore-unscored', {}, { dedupeKey: 'rescore-unscored' });
    // A second start while the first job waits adds nothing.
    await enqueueJob(h.ctx.db, 'review.rescore-unscored', {}, { dedupeKey: 'rescore-unscored' });
    expect(await drainJobs(h)).toBe(1);
    expect(await itemRow(s.itemId!)).toMatchObject({
      priority: 30,
      categories: ['fraud', 'hate'],
      priority_reasons: [
        { code: 'category', category: 'fraud', points: 25 },
        { code: 'reports', count: 2, points: 5 },
      ],
    });
  });

  it('a recording uploaded after the report does not change the item', async () => {
    const s = await seedItem(h, { reports: ['hate'] });
    const res = await uploadRecording(h, s.callRef, randomBytes(2048));
    expect(res.status).toBe(201);
    expect(await itemRow(s.itemId!)).toMatchObject({ priority: 25 });
  });
});
