import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../../test/support/http-calls.ts';
import { staffSession } from '../../../../../test/support/seed-recording.ts';
import { insertFlag, seedItem } from '../../../../../test/support/review.ts';
import { createStaff } from '../../../../../test/support/staff.ts';
import { addDays, retentionTimer, type RetentionFacts } from './policy.ts';
import { recomputeRetention } from './recompute.ts';

const DAY = 24 * 60 * 60 * 1000;
const periods = { unflaggedDays: 30, flaggedDays: 180, withdrawnDays: 7 };
const base: RetentionFacts = {
  callEndedAt: new Date('2026-11-01T00:00:00Z'),
  uploadedAt: new Date('2026-11-01T01:00:00Z'),
  lastFlagOrDecisionAt: null,
  held: false,
  inPacket: false,
  withdrawnAt: null,
  deletionRequestedAt: null,
};

describe('retentionTimer', () => {
  it('runs the unflagged period from the call end, never past the upload', () => {
    expect(retentionTimer(base, periods)).toEqual({ retainUntil: new Date('2026-12-01T00:00:00Z'), reason: 'unflagged' });
    // A platform clock claiming the call ended after the upload cannot stretch the timer.
    const late = retentionTimer({ ...base, callEndedAt: new Date('2027-05-01T00:00:00Z') }, periods);
    expect(late.retainUntil).toEqual(new Date('2026-12-01T01:00:00Z'));
  });

  it('keeps flagged or decided recordings for the longer period, from the last flag or decision', () => {
    const flaggedAt = new Date('2026-11-20T00:00:00Z');
    expect(retentionTimer({ ...base, lastFlagOrDecisionAt: flaggedAt }, periods)).toEqual({
      retainUntil: addDays(flaggedAt, 180),
      reason: 'flagged',
    });
    // A short flagged period never cuts below the unflagged one: the longest wins.
    expect(retentionTimer({ ...base, lastFlagOrDecisionAt: flaggedAt }, { ...periods, flaggedDays: 1 }).reason).toBe('unflagged');
  });

  it('shortens an untouched recording after withdrawal, and only an untouched one', () => {
    const withdrawnAt = new Date('2026-11-05T00:00:00Z');
    expect(retentionTimer({ ...base, withdrawnAt }, periods)).toEqual({ retainUntil: addDays(withdrawnAt, 7), reason: 'withdrawn' });
    expect(retentionTimer({ ...base, withdrawnAt, held: true }, periods).reason).toBe('unflagged');
    expect(retentionTimer({ ...base, withdrawnAt, inPacket: true }, periods).reason).toBe('unflagged');
    expect(retentionTimer({ ...base, withdrawnAt, lastFlagOrDecisionAt: withdrawnAt }, periods).reason).toBe('flagged');
    // Withdrawing late never stretches the timer.
    expect(retentionTimer({ ...base, withdrawnAt: new Date('2026-11-29T00:00:00Z') }, periods).reason).toBe('unflagged');
  });

  it('makes a pending deletion request due from when it arrived, flagged or not', () => {
    const deletionRequestedAt = new Date('2026-11-03T00:00:00Z');
    const flagged = { ...base, lastFlagOrDecisionAt: new Date('2026-11-02T00:00:00Z'), deletionRequestedAt };
    expect(retentionTimer(flagged, periods)).toEqual({ retainUntil: deletionRequestedAt, reason: 'deletion_request' });
  });
});

describe('recomputeRetention', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const timerOf = (id: string) =>
    h.ctx.db.selectFrom('recordings').select(['retain_until', 'retention_reason']).where('id', '=', id).executeTakeFirstOrThrow();

  it('follows flags, holds, withdrawals, deletion requests and settings', async () => {
    const staff = await createStaff(h, ['lead']);
    const item = await seedItem(h, { recording: true, startedAt: '2026-11-01T00:00:00Z' });
    const other = await seedItem(h, { recording: true, startedAt: '2026-11-01T00:00:00Z' });
    const id = item.recordingId!;
    const endedAt = new Date('2026-11-01T00:05:00Z');
    expect(await timerOf(id)).toEqual({ retain_until: addDays(endedAt, 30), retention_reason: 'unflagged' });

    const flagId = await insertFlag(h, { recordingId: id, authorId: staff.userId });
    const flagAt = (await h.ctx.db.selectFrom('flags').select('updated_at').where('id', '=', flagId).executeTakeFirstOrThrow()).updated_at;
    await recomputeRetention(h.ctx.db, [id]);
    expect(await timerOf(id)).toEqual({ retain_until: addDays(flagAt, 180), retention_reason: 'flagged' });
    // Only the recordings named were touched.
    expect((await timerOf(other.recordingId!)).retention_reason).toBe('unflagged');

    // Retracted, the flag no longer counts.
    await h.ctx.db
      .updateTable('flags')
      .set({ retracted_at: new Date(), retracted_by: staff.userId, retract_reason: 'mistaken' })
      .where('id', '=', flagId)
      .execute();
    const user = await h.ctx.db
      .selectFrom('recordings as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select('c.user_id')
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    const withdrawnAt = new Date('2026-11-02T00:00:00Z');
    await h.ctx.db
      .insertInto('user_events')
      .values({ user_id: user.user_id, type: 'withdrawal', at: withdrawnAt, received_at: withdrawnAt, status: 'done' })
      .execute();
    await recomputeRetention(h.ctx.db, [id]);
    expect(await timerOf(id)).toEqual({ retain_until: addDays(withdrawnAt, 7), retention_reason: 'withdrawn' });

    // A hold makes the withdrawal rule not apply.
    const hold = await h.ctx.db
      .insertInto('legal_holds')
      .values({ recording_id: id, reason: 'case', placed_by: staff.userId, placed_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recomputeRetention(h.ctx.db, [id]);
    expect((await timerOf(id)).retention_reason).toBe('unflagged');
    await h.ctx.db
      .updateTable('legal_holds')
      .set({ released_at: new Date(), released_by: staff.userId, release_reason: 'done' })
      .where('id', '=', hold.id)
      .execute();

    const requestedAt = new Date('2026-11-03T00:00:00Z');
    await h.ctx.db
      .insertInto('user_events')
      .values({ user_id: user.user_id, type: 'deletion_request', at: requestedAt, received_at: requestedAt, status: 'pending' })
      .execute();
    await recomputeRetention(h.ctx.db, [id]);
    expect(await timerOf(id)).toEqual({ retain_until: requestedAt, retention_reason: 'deletion_request' });

    // A settings change applies to every recording with 'all'.
    await h.ctx.db
      .insertInto('app_settings')
      .values({ key: 'retention.unflagged_days', value: JSON.stringify(10), updated_at: new Date(), updated_by: null })
      .execute();
    await recomputeRetention(h.ctx.db, 'all');
    expect(await timerOf(other.recordingId!)).toEqual({
      retain_until: new Date(endedAt.getTime() + 10 * DAY),
      retention_reason: 'unflagged',
    });
  });

  it('is kept current by the services that change what it depends on (a hold placed and released)', async () => {
    const lead = await staffSession(h, ['lead']);
    const item = await seedItem(h, { recording: true, startedAt: '2026-11-01T00:00:00Z' });
    const id = item.recordingId!;
    const { user_id } = await h.ctx.db
      .selectFrom('recordings as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select('c.user_id')
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    await h.ctx.db
      .updateTable('platform_users')
      .set({ withdrawn_at: new Date('2026-11-02T00:00:00Z') })
      .where('id', '=', user_id)
      .execute();
    await recomputeRetention(h.ctx.db, [id]);
    expect((await timerOf(id)).retention_reason).toBe('withdrawn');

    const hold = await jsonOf<{ id: string }>(
      await callApi(h, lead.session, 'POST', `/api/recordings/${id}/holds`, { reason: 'police enquiry' }),
      201,
    );
    expect((await timerOf(id)).retention_reason).toBe('unflagged');
    await jsonOf(await callApi(h, lead.session, 'POST', `/api/holds/${hold.id}/release`, { reason: 'enquiry closed' }), 200);
    expect((await timerOf(id)).retention_reason).toBe('withdrawn');
  });
});
