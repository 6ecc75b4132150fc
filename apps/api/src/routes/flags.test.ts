import { randomUUID } from 'node:crypto';
import type { FlagDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf, postReport } from '../../../../test/support/http-calls.ts';
import {
  auditRows,
  expectError,
  seedProcessedRecording,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';

// Flags on a time range of a recording: created, edited into new versions, retracted, never
// deleted; each step in the audit chain with the recording as its subject.

let h: Harness;
let rec: SeededRecording;
let durationMs: number;
let mod: StaffSession;
let mod2: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedProcessedRecording(h);
  const row = await h.ctx.db.selectFrom('recordings').select('duration_ms').where('id', '=', rec.recordingId).executeTakeFirstOrThrow();
  durationMs = row.duration_ms!;
  mod = await staffSession(h, ['moderator']);
  mod2 = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

const FLAG = { category: 'harassment', severity: 'medium', startMs: 500, endMs: 1500, note: 'shouting at 0:01' } as const;

const postFlag = (s: StaffSession, body: unknown, recordingId = rec.recordingId) =>
  callApi(h, s.session, 'POST', `/api/recordings/${recordingId}/flags`, body);
const createFlag = async (s: StaffSession, body: unknown = FLAG, recordingId = rec.recordingId) =>
  jsonOf<FlagDto>(await postFlag(s, body, recordingId), 201);
const patchFlag = (s: StaffSession, id: string, body: unknown) => callApi(h, s.session, 'PATCH', `/api/flags/${id}`, body);
const retract = (s: StaffSession, id: string, reason = 'marked the wrong call') =>
  callApi(h, s.session, 'POST', `/api/flags/${id}/retract`, { reason });
const flagCount = async () =>
  (await h.ctx.db.selectFrom('flags').select('id').where('recording_id', '=', rec.recordingId).execute()).length;
const flagEvents = async (flagId: string) =>
  (await auditRows(h)).filter((e) => e.action.startsWith('flag.') && (e.details as { flagId?: string }).flagId === flagId);

describe('creating a flag', () => {
  it('answers 201 with the flag, its first version already in the history, and flag.created in the chain', async () => {
    expect(durationMs).toBeGreaterThan(2000);
    const res = await postFlag(mod, FLAG);
    const flag = await jsonOf<FlagDto>(res, 201);
    expect(flag).toMatchObject({
      recordingId: rec.recordingId,
      reviewItemId: null,
      ...FLAG,
      author: { id: mod.userId, displayName: expect.any(String) },
      version: 1,
      retracted: null,
    });
    expect(flag.history).toEqual([{ version: 1, ...FLAG, editedBy: flag.author, editedAt: flag.createdAt }]);
    const revisions = await h.ctx.db.selectFrom('flag_revisions').selectAll().where('flag_id', '=', flag.id).execute();
    expect(revisions).toHaveLength(1);
    const [event] = await flagEvents(flag.id);
    expect(event).toMatchObject({
      action: 'flag.created',
      actor_id: mod.userId,
      subject_type: 'recording',
      subject_id: rec.recordingId,
      request_id: res.headers.get('x-request-id'),
    });
    expect(event!.details).toEqual({
      flagId: flag.id,
      category: 'harassment',
      severity: 'medium',
      startMs: 500,
      endMs: 1500,
      reviewItemId: null,
    });
  });

  it('keeps the review item it was made on, when that item belongs to the recording’s call', async () => {
    const itemId = await postReport(h, rec.callRef);
    const flag = await createFlag(mod, { ...FLAG, reviewItemId: itemId });
    expect(flag.reviewItemId).toBe(itemId);
  });

  it('takes any range up to 48 hours while the recording’s duration is not known yet', async () => {
    const unprobed = await seedRecording(h);
    const flag = await createFlag(mod, { ...FLAG, startMs: 3_600_000, endMs: 7_200_000 }, unprobed.recordingId);
    expect(flag).toMatchObject({ startMs: 3_600_000, endMs: 7_200_000 });
  });

  it('keeps the flagger’s own live claim on the call’s item from lapsing, and leaves other claims alone', async () => {
    const other = await seedRecording(h);
    const itemId = await postReport(h, other.callRef);
    const soon = new Date(h.ctx.now().getTime() + 2 * 60_000);
    const claim = (assignee: string) =>
      h.ctx.db
        .updateTable('review_items')
        .set({ assignee_id: assignee, claimed_at: h.ctx.now(), claim_expires_at: soon })
        .where('id', '=', itemId)
        .execute();
    const expiry = async () =>
      (await h.ctx.db.selectFrom('review_items').select('claim_expires_at').where('id', '=', itemId).executeTakeFirstOrThrow())
        .claim_expires_at!;

    await claim(mod2.userId);
    await createFlag(mod, FLAG, other.recordingId);
    expect((await expiry()).getTime()).toBe(soon.getTime());

    await claim(mod.userId);
    const before = h.ctx.now().getTime();
    await createFlag(mod, FLAG, other.recordingId);
    expect((await expiry()).getTime()).toBeGreaterThanOrEqual(before + h.ctx.config.claimIdleMinutes * 60_000);
  });
});

describe('refused flags: 400 JSON, nothing written', () => {
  const invalid: [string, () => unknown][] = [
    ['a range past the end of the recording', () => ({ ...FLAG, startMs: 1000, endMs: durationMs + 1 })],
    ['a range starting past the end', () => ({ ...FLAG, startMs: durationMs + 10, endMs: durationMs + 20 })],
    ['end before start', () => ({ ...FLAG, startMs: 1500, endMs: 500 })],
    ['an empty range (end = start)', () => ({ ...FLAG, startMs: 800, endMs: 800 })],
    ['"other" without a note', () => ({ category: 'other', severity: 'low', startMs: 0, endMs: 100 })],
    ['"other" with a blank note', () => ({ category: 'other', severity: 'low', startMs: 0, endMs: 100, note: '   ' })],
    ['an unknown category', () => ({ ...FLAG, category: 'rudeness' })],
    ['an unknown severity', () => ({ ...FLAG, severity: 'extreme' })],
    ['a negative start', () => ({ ...FLAG, startMs: -1 })],
    ['fractional milliseconds', () => ({ ...FLAG, endMs: 1000.5 })],
    ['times as strings', () => ({ ...FLAG, startMs: '500' })],
    ['a missing severity', () => ({ category: 'harassment', startMs: 0, endMs: 100 })],
    ['an extra field', () => ({ ...FLAG, author: 'someone' })],
    ['a note with a NUL', () => ({ ...FLAG, note: 'a\u0000b' })],
    ['a review item that does not exist', () => ({ ...FLAG, reviewItemId: randomUUID() })],
    ['a malformed review item id', () => ({ ...FLAG, reviewItemId: 'item-1' })],
  ];

  it.each(invalid)('%s', async (_name, body) => {
    const before = await flagCount();
    const err = await expectError(await postFlag(mod, body()), 400, 'validation_failed');
    expect(err).toMatchObject({ message: expect.any(String) });
    expect(await flagCount()).toBe(before);
  });

  it('a review item of another call', async () => {
    const other = await seedRecording(h);
    const otherItem = await postReport(h, other.callRef);
    const before = await flagCount();
    const err = await expectError(await postFlag(mod, { ...FLAG, reviewItemId: otherItem }), 400, 'validation_failed');
    expect(JSON.stringify(err)).toContain('reviewItemId');
    expect(await flagCount()).toBe(before);
  });

  it('a body that is not JSON', async () => {
    const res = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/flags`, {
      method: 'POST',
      headers: mod.session.headers({ 'content-type': 'application/json' }),
      body: '{"category":',
    });
    await expectError(res, 400, 'bad_json');
  });

  it('an unknown or malformed recording: 404', async () => {
    await expectError(await postFlag(mod, FLAG, randomUUID()), 404, 'not_found');
    await expectError(await postFlag(mod, FLAG, 'nope'), 404, 'not_found');
    await expectError(await callApi(h, mod.session, 'GET', `/api/recordings/${randomUUID()}/flags`), 404, 'not_found');
  });
});

describe('editing a flag', () => {
  it('writes a new version with its own history row, by whoever edited it; the old versions stay', async () => {
    const flag = await createFlag(mod);
    const res = await patchFlag(mod2, flag.id, { severity: 'high', note: 'shouting and insults', endMs: 1800 });
    const edited = await jsonOf<FlagDto>(res, 200);
    expect(edited).toMatchObject({ id: flag.id, version: 2, severity: 'high', note: 'shouting and insults', startMs: 500, endMs: 1800 });
    expect(edited.author.id).toBe(mod.userId);
    expect(edited.history.map((v) => [v.version, v.severity, v.endMs, v.editedBy.id])).toEqual([
      [1, 'medium', 1500, mod.userId],
      [2, 'high', 1800, mod2.userId],
    ]);
    const events = await flagEvents(flag.id);
    expect(events.map((e) => e.action)).toEqual(['flag.created', 'flag.edited']);
    expect(events[1]).toMatchObject({ actor_id: mod2.userId, subject_id: rec.recordingId, request_id: res.headers.get('x-request-id') });
    expect(events[1]!.details).toEqual({ flagId: flag.id, version: 2, changed: ['severity', 'endMs', 'note'] });

    const third = await jsonOf<FlagDto>(await patchFlag(lead, flag.id, { category: 'threats_violence', note: '' }), 200);
    expect(third).toMatchObject({ version: 3, category: 'threats_violence', note: null });
    expect(third.history).toHaveLength(3);
    expect(third.history[1]).toMatchObject({ note: 'shouting and insults', severity: 'high' });
  });

  it('an edit that changes nothing writes no version and no event', async () => {
    const flag = await createFlag(mod);
    const same = await jsonOf<FlagDto>(await patchFlag(mod, flag.id, { severity: FLAG.severity, note: FLAG.note }), 200);
    expect(same.version).toBe(1);
    expect(same.history).toHaveLength(1);
    expect((await flagEvents(flag.id)).map((e) => e.action)).toEqual(['flag.created']);
  });

  const invalidEdits: [string, () => unknown][] = [
    ['an end past the recording', () => ({ endMs: durationMs + 1 })],
    ['a start moved past the end', () => ({ startMs: 1500 })],
    ['"other" while the flag has no note', () => ({ category: 'other' })],
    ['clearing the note of an "other" flag', () => ({ note: '' })],
    ['nothing to change', () => ({})],
    ['an unknown category', () => ({ category: 'rudeness' })],
    ['a field that cannot be edited', () => ({ recordingId: randomUUID() })],
  ];

  it.each(invalidEdits)('refuses %s with 400 and leaves the flag as it was', async (name, body) => {
    const base = name.includes('"other" flag')
      ? { category: 'other', severity: 'low', startMs: 0, endMs: 1000, note: 'gestures' }
      : { ...FLAG, note: undefined };
    const flag = await createFlag(mod, base);
    await expectError(await patchFlag(mod, flag.id, body()), 400, 'validation_failed');
    const row = await h.ctx.db.selectFrom('flags').selectAll().where('id', '=', flag.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ version: 1, category: flag.category, start_ms: flag.startMs, end_ms: flag.endMs, note: flag.note });
  });

  it('an unknown flag: 404', async () => {
    await expectError(await patchFlag(mod, randomUUID(), { severity: 'low' }), 404, 'not_found');
    await expectError(await retract(mod, randomUUID()), 404, 'not_found');
  });
});

describe('retracting a flag', () => {
  it('keeps the flag, marked with who retracted it and why; it cannot be edited or retracted again', async () => {
    const flag = await createFlag(mod);
    const res = await retract(lead, flag.id, '  wrong time range  ');
    const retracted = await jsonOf<FlagDto>(res, 200);
    expect(retracted.retracted).toEqual({
      at: expect.any(String),
      by: { id: lead.userId, displayName: expect.any(String) },
      reason: 'wrong time range',
    });
    expect(retracted.version).toBe(1);

    const listed = await jsonOf<{ items: FlagDto[] }>(
      await callApi(h, mod.session, 'GET', `/api/recordings/${rec.recordingId}/flags`),
      200,
    );
    expect(listed.items.find((f) => f.id === flag.id)?.retracted?.reason).toBe('wrong time range');
    const [, event] = await flagEvents(flag.id);
    expect(event).toMatchObject({ action: 'flag.retracted', actor_id: lead.userId, subject_id: rec.recordingId });
    expect(event!.details).toEqual({ flagId: flag.id, reason: 'wrong time range' });

    await expectError(await retract(mod, flag.id), 409, 'flag_retracted');
    await expectError(await patchFlag(mod, flag.id, { severity: 'low' }), 409, 'flag_retracted');
    expect((await flagEvents(flag.id)).map((e) => e.action)).toEqual(['flag.created', 'flag.retracted']);
  });

  it('needs a reason', async () => {
    const flag = await createFlag(mod);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(2001) }]) {
      await expectError(await callApi(h, mod.session, 'POST', `/api/flags/${flag.id}/retract`, body), 400, 'validation_failed');
    }
    const row = await h.ctx.db.selectFrom('flags').select('retracted_at').where('id', '=', flag.id).executeTakeFirstOrThrow();
    expect(row.retracted_at).toBeNull();
  });
});

describe('GET /api/recordings/:id/flags', () => {
  it('lists every flag of the recording by start time, retracted ones included, and logs the look', async () => {
    const late = await createFlag(mod, { ...FLAG, startMs: 2000, endMs: 2500 });
    const early = await createFlag(mod, { ...FLAG, startMs: 0, endMs: 100 });
    await jsonOf(await retract(mod, early.id), 200);
    const res = await callApi(h, mod2.session, 'GET', `/api/recordings/${rec.recordingId}/flags`);
    const { items } = await jsonOf<{ items: FlagDto[] }>(res, 200);
    const starts = items.map((f) => f.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(items.map((f) => f.id)).toEqual(expect.arrayContaining([late.id, early.id]));
    expect(items.find((f) => f.id === early.id)!.retracted).not.toBeNull();
    expect(items.every((f) => f.recordingId === rec.recordingId && f.history.length === f.version)).toBe(true);
    expect(items).toHaveLength(await flagCount());
    const viewed = (await auditRows(h, 'recording.viewed')).at(-1);
    expect(viewed).toMatchObject({ actor_id: mod2.userId, subject_id: rec.recordingId, request_id: res.headers.get('x-request-id') });
  });
});
