import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { callBody, expectError, postReport, putCall, uploadRecording } from '../../../../../test/support/media.ts';
import { UNFLAGGED_RETENTION_DAYS, unflaggedRetainUntil } from '../../services/retention/policy.ts';

// A call reference names exactly one call, and a call's times are ones a real call could have:
// the platform cannot alias calls with whitespace, nor stretch a retention timer with its clock.

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const callsNamed = (ref: string) => h.ctx.db.selectFrom('calls').selectAll().where('ref', '=', ref).execute();
const iso = (ms: number) => new Date(ms).toISOString();

describe('references', () => {
  it('a call reference with surrounding whitespace or control characters is 400, not an alias of the clean one', async () => {
    expect((await putCall(h, 'sec-1')).status).toBe(201);
    const before = await callsNamed('sec-1');
    for (const ref of [' sec-1', 'sec-1 ', 'sec-1\n', 'sec-1\t', '\tsec-1', 'sec-1\r\n', 'sec\u0007-1', 'sec-1\u007f', 'sec-1\u0085']) {
      await expectError(putCall(h, ref, callBody({ endedAt: '2026-11-20T10:09:00Z' })), 400, 'validation_failed');
      await expectError(uploadRecording(h, ref, randomBytes(1000)), 400, 'validation_failed');
      await expectError(postReport(h, { callRef: ref, reporter: 'user', category: 'fraud' }), 400, 'validation_failed');
    }
    // sec-1 was not touched by any of them.
    expect(await callsNamed('sec-1')).toEqual(before);
  });

  it('creator, agency and user references are held to the same rule', async () => {
    for (const bad of [' cr-1', 'cr-1\n', 'cr-1\t', 'cr\u0000-1']) {
      for (const body of [callBody({ creatorRef: bad }), callBody({ agencyRef: bad }), callBody({ userRef: bad })]) {
        await expectError(putCall(h, 'sec-refs', body), 400, 'validation_failed');
      }
    }
    expect(await callsNamed('sec-refs')).toEqual([]);
  });

  it('names may not carry control characters either', async () => {
    await expectError(putCall(h, 'sec-names', callBody({ creatorName: 'Hi\u0007na' })), 400, 'validation_failed');
    await expectError(putCall(h, 'sec-names', callBody({ agencyName: 'Sakura\nTalent' })), 400, 'validation_failed');
    expect(await callsNamed('sec-names')).toEqual([]);
  });
});

describe('call times', () => {
  async function refused(body: unknown, path: string, message: RegExp): Promise<void> {
    const res = await putCall(h, 'sec-times', body);
    const text = await res.clone().text();
    await expectError(res, 400, 'validation_failed');
    const details = (JSON.parse(text) as { error: { details: Array<{ path: string; message: string }> } }).error.details;
    expect(details, text).toContainEqual({ path, message: expect.stringMatching(message) });
  }

  it('refuses absurd, future, reversed and overlong calls with a clear message', async () => {
    const now = h.ctx.now().getTime();
    await refused(callBody({ startedAt: '0000-01-01T00:00:00Z', endedAt: '0000-01-01T00:05:00Z' }), 'startedAt', /2015/);
    await refused(callBody({ startedAt: '2014-12-31T23:00:00Z', endedAt: '2014-12-31T23:05:00Z' }), 'startedAt', /2015/);
    await refused(callBody({ startedAt: '2026-11-20T10:00:00Z', endedAt: '9999-12-31T23:59:59Z' }), 'endedAt', /24 hours/);
    await refused(callBody({ startedAt: iso(now + DAY), endedAt: iso(now + DAY + 5 * MINUTE) }), 'endedAt', /future/);
    await refused(callBody({ startedAt: iso(now), endedAt: iso(now + 6 * MINUTE) }), 'endedAt', /future/);
    await refused(callBody({ startedAt: '2026-11-20T10:05:00Z', endedAt: '2026-11-20T10:00:00Z' }), 'endedAt', /before startedAt/);
    await refused(callBody({ startedAt: '2026-11-20T10:00:00Z', endedAt: '2026-11-21T10:00:01Z' }), 'endedAt', /24 hours/);
    expect(await callsNamed('sec-times')).toEqual([]);
  });

  it('accepts a small clock skew, exactly 24 hours, and an old but plausible call', async () => {
    const now = h.ctx.now().getTime();
    expect((await putCall(h, 'sec-skew', callBody({ startedAt: iso(now - 10 * MINUTE), endedAt: iso(now + 4 * MINUTE) }))).status).toBe(
      201,
    );
    expect((await putCall(h, 'sec-day', callBody({ startedAt: '2026-11-19T10:00:00Z', endedAt: '2026-11-20T10:00:00Z' }))).status).toBe(
      201,
    );
    expect((await putCall(h, 'sec-old', callBody({ startedAt: '2015-01-01T00:00:00Z', endedAt: '2015-01-01T00:05:00Z' }))).status).toBe(
      201,
    );
  });
});

describe('retention timers', () => {
  it('never run past what the upload time allows, whatever endedAt says', async () => {
    const now = h.ctx.now().getTime();
    expect((await putCall(h, 'sec-ret-skew', callBody({ startedAt: iso(now - MINUTE), endedAt: iso(now + 4 * MINUTE) }))).status).toBe(201);
    expect((await uploadRecording(h, 'sec-ret-skew', randomBytes(2000))).status).toBe(201);
    const rec = await h.ctx.db
      .selectFrom('recordings')
      .innerJoin('calls', 'calls.id', 'recordings.call_id')
      .select(['recordings.retain_until', 'recordings.uploaded_at', 'calls.ended_at'])
      .where('calls.ref', '=', 'sec-ret-skew')
      .executeTakeFirstOrThrow();
    expect(rec.retain_until!.getTime()).toBe(rec.uploaded_at!.getTime() + UNFLAGGED_RETENTION_DAYS * DAY);
    expect(rec.retain_until!.getTime()).toBeLessThan(rec.ended_at.getTime() + UNFLAGGED_RETENTION_DAYS * DAY);
  });

  it('an older call keeps its timer from the end of the call', async () => {
    expect((await putCall(h, 'sec-ret-old', callBody({ startedAt: '2026-10-01T10:00:00Z', endedAt: '2026-10-01T10:05:00Z' }))).status).toBe(
      201,
    );
    expect((await uploadRecording(h, 'sec-ret-old', randomBytes(2000))).status).toBe(201);
    const rec = await h.ctx.db
      .selectFrom('recordings')
      .innerJoin('calls', 'calls.id', 'recordings.call_id')
      .select(['recordings.retain_until'])
      .where('calls.ref', '=', 'sec-ret-old')
      .executeTakeFirstOrThrow();
    expect(rec.retain_until!.toISOString()).toBe('2026-10-31T10:05:00.000Z');
  });

  it('unflaggedRetainUntil is the earlier of the two timers', () => {
    const ended = new Date('2026-11-20T10:00:00Z');
    expect(unflaggedRetainUntil(ended, new Date('2026-11-20T12:00:00Z')).toISOString()).toBe('2026-12-20T10:00:00.000Z');
    expect(unflaggedRetainUntil(new Date('2027-01-01T00:00:00Z'), new Date('2026-11-20T12:00:00Z')).toISOString()).toBe(
      '2026-12-20T12:00:00.000Z',
    );
  });
});
