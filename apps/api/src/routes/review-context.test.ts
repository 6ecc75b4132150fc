import { randomBytes, randomUUID } from 'node:crypto';
import type { AccountNoteDto, FlagDto, ReviewContextDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf, postReport, putCall, putRecording } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';

// The context beside a review item: the same user's and the same creator's other calls with
// their reports, flags and standing decisions, and staff notes on both accounts; nothing about
// anyone else.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;
const tag = randomBytes(3).toString('hex');
const ref = (name: string) => `${name}-${tag}`;
let itemId: string;
let otherCreatorItemId: string;
let a2RecordingId: string;

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00+09:00`;

beforeAll(async () => {
  h = await createHarness();
  mod = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);

  // The item's call: user U with creator C.
  await putCall(h, { callRef: ref('call-a'), userRef: ref('user-u'), creatorRef: ref('creator-c'), startedAt: day(20) });
  itemId = await postReport(h, ref('call-a'), 'harassment');
  // U with another creator: reported twice, flagged (one flag retracted), decided (one decision reopened).
  await putCall(h, { callRef: ref('call-a2'), userRef: ref('user-u'), creatorRef: ref('creator-d'), startedAt: day(10) });
  const a2Item = await postReport(h, ref('call-a2'), 'fraud');
  await postReport(h, ref('call-a2'), 'fraud');
  a2RecordingId = await putRecording(h, ref('call-a2'));
  const flag = { category: 'fraud', severity: 'high', startMs: 0, endMs: 1000 };
  await jsonOf(await callApi(h, mod.session, 'POST', `/api/recordings/${a2RecordingId}/flags`, flag), 201);
  const gone = await jsonOf<FlagDto>(await callApi(h, mod.session, 'POST', `/api/recordings/${a2RecordingId}/flags`, flag), 201);
  await jsonOf(await callApi(h, mod.session, 'POST', `/api/flags/${gone.id}/retract`, { reason: 'duplicate' }), 200);
  const a2CallId = (await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', ref('call-a2')).executeTakeFirstOrThrow()).id;
  const decision = (outcome: 'warn_user' | 'ban_user', at: string, reopened: boolean) =>
    h.ctx.db
      .insertInto('decisions')
      .values({
        review_item_id: a2Item,
        call_id: a2CallId,
        outcome,
        rationale: 'test',
        policy_version: 'conduct-2026-11',
        decided_by: lead.userId,
        decided_at: at,
        ...(reopened ? { reopened_at: at, reopened_by: lead.userId, reopen_reason: 'too harsh' } : {}),
      })
      .execute();
  await decision('ban_user', '2026-11-11T00:00:00Z', true);
  await decision('warn_user', '2026-11-12T00:00:00Z', false);
  // U with C again, later and quiet: in both lists.
  await putCall(h, { callRef: ref('call-a3'), userRef: ref('user-u'), creatorRef: ref('creator-c'), startedAt: day(22) });
  // C with another user, reported.
  await putCall(h, { callRef: ref('call-c2'), userRef: ref('user-v'), creatorRef: ref('creator-c'), startedAt: day(5) });
  otherCreatorItemId = await postReport(h, ref('call-c2'), 'sexual_content');
  // Someone unrelated, with history and notes of their own.
  await putCall(h, { callRef: ref('call-z'), userRef: ref('user-z'), creatorRef: ref('creator-z'), startedAt: day(21) });
  await postReport(h, ref('call-z'), 'hate');
  await h.ctx.db.updateTable('platform_users').set({ is_minor: true }).where('ref', '=', ref('user-u')).execute();
});
afterAll(async () => {
  await h?.close();
});

const addNote = (s: StaffSession, type: string, accountRef: string, body: unknown) =>
  callApi(h, s.session, 'POST', `/api/accounts/${type}/${encodeURIComponent(accountRef)}/notes`, body);
const context = async (s: StaffSession, id: string) =>
  jsonOf<ReviewContextDto>(await callApi(h, s.session, 'GET', `/api/review-items/${id}/context`), 200);

describe('POST /api/accounts/{type}/{ref}/notes', () => {
  it('adds a note (201) with account_note.added in the chain', async () => {
    const res = await addNote(mod, 'user', ref('user-u'), { body: '  repeatedly asks for LINE ids  ' });
    const note = await jsonOf<AccountNoteDto>(res, 201);
    expect(note).toEqual({
      id: expect.any(String),
      body: 'repeatedly asks for LINE ids',
      author: { id: mod.userId, displayName: expect.any(String) },
      createdAt: expect.any(String),
    });
    const userId = (await h.ctx.db.selectFrom('platform_users').select('id').where('ref', '=', ref('user-u')).executeTakeFirstOrThrow()).id;
    const ev = (await auditRows(h, 'account_note.added')).at(-1);
    expect(ev).toMatchObject({
      actor_id: mod.userId,
      subject_type: 'platform_user',
      subject_id: userId,
      request_id: res.headers.get('x-request-id'),
    });
    expect(ev!.details).toEqual({ noteId: note.id, ref: ref('user-u') });

    await jsonOf(await addNote(lead, 'creator', ref('creator-c'), { body: 'agency asked us to watch this creator' }), 201);
    await jsonOf(await addNote(lead, 'user', ref('user-z'), { body: 'unrelated user note' }), 201);
    await jsonOf(await addNote(lead, 'creator', ref('creator-z'), { body: 'unrelated creator note' }), 201);
  });

  it('refuses unknown accounts (404) and empty or oversized notes (400)', async () => {
    await expectError(await addNote(mod, 'user', 'nobody-here', { body: 'x' }), 404, 'not_found');
    await expectError(await addNote(mod, 'creator', ref('user-u'), { body: 'x' }), 404, 'not_found');
    await expectError(await addNote(mod, 'agency', ref('user-u'), { body: 'x' }), 404, 'not_found');
    for (const body of [{}, { body: '' }, { body: '   ' }, { body: 'x'.repeat(4001) }, { body: 'ok', pinned: true }]) {
      await expectError(await addNote(mod, 'user', ref('user-u'), body), 400, 'validation_failed');
    }
  });
});

describe('GET /api/review-items/:id/context', () => {
  it('shows the user’s and the creator’s other calls, with what happened on them, and their notes', async () => {
    const res = await callApi(h, mod.session, 'GET', `/api/review-items/${itemId}/context`);
    const ctx = await jsonOf<ReviewContextDto>(res, 200);

    expect(ctx.user).toMatchObject({ ref: ref('user-u'), minor: true });
    // Calls with history first, then newest first; the item's own call is not "other".
    expect(ctx.user.calls.map((c) => c.callRef)).toEqual([ref('call-a2'), ref('call-a3')]);
    expect(ctx.user.calls[0]).toEqual({
      callRef: ref('call-a2'),
      startedAt: new Date(day(10)).toISOString(),
      recordingId: a2RecordingId,
      reviewItemId: expect.any(String),
      reportCount: 2,
      flagCount: 1,
      decisions: [{ outcome: 'warn_user', decidedAt: '2026-11-12T00:00:00.000Z' }],
    });
    expect(ctx.user.calls[1]).toMatchObject({ recordingId: null, reviewItemId: null, reportCount: 0, flagCount: 0, decisions: [] });
    expect(ctx.user.notes.map((n) => n.body)).toEqual(['repeatedly asks for LINE ids']);

    expect(ctx.creator).toMatchObject({
      ref: ref('creator-c'),
      name: `Creator ${ref('creator-c')}`,
      agency: { ref: 'agency-a', name: 'Agency A' },
    });
    expect(ctx.creator.calls.map((c) => c.callRef)).toEqual([ref('call-c2'), ref('call-a3')]);
    expect(ctx.creator.calls[0]).toMatchObject({ reviewItemId: otherCreatorItemId, reportCount: 1 });
    expect(ctx.creator.notes.map((n) => n.body)).toEqual(['agency asked us to watch this creator']);

    const text = JSON.stringify(ctx);
    for (const unrelated of [ref('user-z'), ref('creator-z'), ref('call-z'), ref('creator-d'), ref('user-v'), 'unrelated']) {
      expect(text).not.toContain(unrelated);
    }

    const ev = (await auditRows(h, 'review.context_viewed')).at(-1);
    expect(ev).toMatchObject({
      actor_id: mod.userId,
      subject_type: 'review_item',
      subject_id: itemId,
      request_id: res.headers.get('x-request-id'),
    });
    expect(ev!.details).toEqual({ userRef: ref('user-u'), creatorRef: ref('creator-c') });
  });

  it('a note on an account shows on every item of that account', async () => {
    const other = await context(lead, otherCreatorItemId);
    expect(other.user.ref).toBe(ref('user-v'));
    expect(other.user.notes).toEqual([]);
    expect(other.creator.notes.map((n) => n.body)).toEqual(['agency asked us to watch this creator']);
    expect(other.creator.calls.map((c) => c.callRef)).toEqual([ref('call-a'), ref('call-a3')]);
    expect(other.user.calls).toEqual([]);
  });

  it('an unknown or malformed item: 404', async () => {
    await expectError(await callApi(h, mod.session, 'GET', `/api/review-items/${randomUUID()}/context`), 404, 'not_found');
    await expectError(await callApi(h, mod.session, 'GET', `/api/review-items/nope/context`), 404, 'not_found');
  });
});
