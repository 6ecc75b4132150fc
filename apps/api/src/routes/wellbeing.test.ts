import type { MyExposureDto, MyPreferencesDto, ReviewSettingsDto, TeamExposureDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import {
  auditRows,
  expectError,
  grantAccess,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';
import { signIn } from '../../../../test/support/staff.ts';
import { tokyoDay } from '../lib/tokyo-day.ts';

// Reviewers' wellbeing: exposure per Tokyo day split by the severity flagged on what was played,
// a break prompt past the threshold, the team's totals without names; blur/grey/mute defaults
// set by admins and overridden per person.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let h: Harness;
let rec: SeededRecording;
let admin: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h);
  admin = await staffSession(h, ['admin']);
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

const beat = (s: StaffSession, playedMs: number, recordingId = rec.recordingId) =>
  callApi(h, s.session, 'POST', '/api/me/exposure', { recordingId, playedMs });
const mine = async (s: StaffSession) => jsonOf<MyExposureDto>(await callApi(h, s.session, 'GET', '/api/me/exposure'), 200);
const team = async () => jsonOf<TeamExposureDto>(await callApi(h, lead.session, 'GET', '/api/exposure/team'), 200);
const flag = async (s: StaffSession, severity: string) =>
  jsonOf<{ id: string }>(
    await callApi(h, s.session, 'POST', `/api/recordings/${rec.recordingId}/flags`, { category: 'hate', severity, startMs: 0, endMs: 100 }),
    201,
  );

describe('exposure', () => {
  it('adds played time under the worst flag standing on the recording at that moment, per Tokyo day', async () => {
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, rec.recordingId);
    expect(await mine(mod)).toEqual({
      day: tokyoDay(h.ctx.now()),
      totalMs: 0,
      bySeverity: { none: 0, low: 0, medium: 0, high: 0, critical: 0 },
      breakThresholdMinutes: 120,
      breakDue: false,
    });

    expect((await beat(mod, 15_000)).status).toBe(204);
    expect((await beat(mod, 5_000)).status).toBe(204);
    await flag(mod, 'medium');
    const high = await flag(mod, 'high');
    expect((await beat(mod, 10_000)).status).toBe(204);
    await jsonOf(await callApi(h, mod.session, 'POST', `/api/flags/${high.id}/retract`, { reason: 'not hate' }), 200);
    expect((await beat(mod, 7_000)).status).toBe(204);

    const e = await mine(mod);
    expect(e.bySeverity).toEqual({ none: 20_000, low: 0, medium: 7_000, high: 10_000, critical: 0 });
    expect(e.totalMs).toBe(37_000);
    const rows = await h.ctx.db.selectFrom('exposure_daily').selectAll().where('staff_user_id', '=', mod.userId).execute();
    expect(rows.map((r) => r.day)).toEqual(rows.map(() => tokyoDay(h.ctx.now())));
    // Not audited: it is the reviewer's own telemetry and reads nothing.
    expect((await auditRows(h)).filter((ev) => ev.actor_id === mod.userId && ev.action.includes('exposure'))).toEqual([]);
  });

  it('counts only media the person may watch now: no grant, an expired grant or a grant on another recording is 403', async () => {
    // The 31 minutes below must fall within one Tokyo day (the totals are per day there): close to
    // midnight, start at 01:00 the next day instead. Before signing in, so the session is fresh.
    const intoTokyoDay = (h.ctx.now().getTime() + 9 * HOUR) % DAY;
    if (DAY - intoTokyoDay < 40 * MINUTE) h.advance(DAY - intoTokyoDay + HOUR);
    const mod = await staffSession(h, ['moderator']);
    await expectError(await beat(mod, 1_000), 403, 'grant_required');
    const other = await seedRecording(h);
    await grantAccess(h, mod.session, other.recordingId);
    await expectError(await beat(mod, 1_000), 403, 'grant_required');
    await grantAccess(h, mod.session, rec.recordingId);
    expect((await beat(mod, 1_000)).status).toBe(204);
    h.advance(29 * MINUTE);
    expect((await beat(mod, 1_000)).status).toBe(204);
    h.advance(2 * MINUTE);
    await expectError(await beat(mod, 1_000), 403, 'grant_required');
    expect((await mine(mod)).totalMs).toBe(2_000);
    // The clock moved past the idle timeout of the shared sessions: sign them in again.
    for (const s of [admin, lead]) s.session = await signIn(h, s.email, s.password);
  });

  it('refuses bad heartbeats with 400', async () => {
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, rec.recordingId);
    for (const body of [
      {},
      { recordingId: rec.recordingId },
      { recordingId: rec.recordingId, playedMs: 0 },
      { recordingId: rec.recordingId, playedMs: -5 },
      { recordingId: rec.recordingId, playedMs: 120_001 },
      { recordingId: rec.recordingId, playedMs: 1.5 },
      { recordingId: 'nope', playedMs: 1000 },
      { recordingId: rec.recordingId, playedMs: 1000, severity: 'none' },
    ]) {
      await expectError(await callApi(h, mod.session, 'POST', '/api/me/exposure', body), 400, 'validation_failed');
    }
    expect((await mine(mod)).totalMs).toBe(0);
  });

  it('says a break is due once today’s total reaches the threshold an admin set', async () => {
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, rec.recordingId);
    await jsonOf(await callApi(h, admin.session, 'PUT', '/api/settings/review', { breakThresholdMinutes: 10 }), 200);
    for (let i = 0; i < 4; i++) expect((await beat(mod, 120_000)).status).toBe(204);
    expect(await mine(mod)).toMatchObject({ totalMs: 8 * MINUTE, breakThresholdMinutes: 10, breakDue: false });
    expect((await beat(mod, 120_000)).status).toBe(204);
    expect(await mine(mod)).toMatchObject({ totalMs: 10 * MINUTE, breakDue: true });
    await jsonOf(await callApi(h, admin.session, 'PUT', '/api/settings/review', { breakThresholdMinutes: 120 }), 200);
    expect((await mine(mod)).breakDue).toBe(false);
  });

  it('gives leads the team’s totals and head count for today, with nothing about any one person', async () => {
    const before = await team();
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['lead']);
    for (const s of [a, b]) await grantAccess(h, s.session, rec.recordingId);
    expect((await beat(a, 30_000)).status).toBe(204);
    expect((await beat(b, 12_000)).status).toBe(204);
    const res = await callApi(h, lead.session, 'GET', '/api/exposure/team');
    const text = await res.clone().text();
    const after = await jsonOf<TeamExposureDto>(res, 200);
    expect(Object.keys(after).sort()).toEqual(['bySeverity', 'day', 'reviewers', 'totalMs']);
    expect(after.day).toBe(tokyoDay(h.ctx.now()));
    expect(after.reviewers).toBe(before.reviewers + 2);
    expect(after.totalMs).toBe(before.totalMs + 42_000);
    expect(Object.values(after.bySeverity).reduce((x, y) => x + y, 0)).toBe(after.totalMs);
    for (const s of [a, b]) {
      expect(text).not.toContain(s.userId);
      expect(text).not.toContain(s.email);
    }
  });
});

describe('preferences and review settings', () => {
  it('everyone starts from the organisation’s defaults: blurred, grey, muted', async () => {
    const auditor = await staffSession(h, ['auditor']);
    const prefs = await jsonOf<MyPreferencesDto>(await callApi(h, auditor.session, 'GET', '/api/me/preferences'), 200);
    const on = { blurVideo: true, greyscale: true, muteAudio: true, blurThumbnails: true };
    expect(prefs).toEqual({ wellbeing: on, overrides: {}, defaults: on });
    expect(await jsonOf<ReviewSettingsDto>(await callApi(h, admin.session, 'GET', '/api/settings/review'), 200)).toEqual({
      wellbeingDefaults: on,
      breakThresholdMinutes: 120,
    });
  });

  it('a person’s overrides beat the defaults; a PUT replaces them; each change is audited', async () => {
    const mod = await staffSession(h, ['moderator']);
    const res = await callApi(h, mod.session, 'PUT', '/api/me/preferences', { wellbeing: { muteAudio: false } });
    const prefs = await jsonOf<MyPreferencesDto>(res, 200);
    expect(prefs.wellbeing).toEqual({ blurVideo: true, greyscale: true, muteAudio: false, blurThumbnails: true });
    expect(prefs.overrides).toEqual({ muteAudio: false });
    const ev = (await auditRows(h, 'preferences.updated')).at(-1);
    expect(ev).toMatchObject({ actor_id: mod.userId, subject_id: mod.userId, request_id: res.headers.get('x-request-id') });
    expect(ev!.details).toEqual({ wellbeing: { muteAudio: false } });
    expect(await jsonOf<MyPreferencesDto>(await callApi(h, mod.session, 'GET', '/api/me/preferences'), 200)).toEqual(prefs);

    const events = (await auditRows(h, 'preferences.updated')).length;
    await jsonOf(await callApi(h, mod.session, 'PUT', '/api/me/preferences', { wellbeing: { muteAudio: false } }), 200);
    expect((await auditRows(h, 'preferences.updated')).length).toBe(events);

    const reset = await jsonOf<MyPreferencesDto>(await callApi(h, mod.session, 'PUT', '/api/me/preferences', { wellbeing: {} }), 200);
    expect(reset.overrides).toEqual({});
    expect(reset.wellbeing.muteAudio).toBe(true);

    for (const body of [{}, { wellbeing: { blurVideo: 'no' } }, { wellbeing: { sepia: true } }, { wellbeing: {}, theme: 'dark' }]) {
      await expectError(await callApi(h, mod.session, 'PUT', '/api/me/preferences', body), 400, 'validation_failed');
    }
  });

  it('an admin changes the defaults (settings.updated with from and to); people follow them except where they chose', async () => {
    const mod = await staffSession(h, ['moderator']);
    await jsonOf(await callApi(h, mod.session, 'PUT', '/api/me/preferences', { wellbeing: { blurVideo: true } }), 200);
    const defaults = { blurVideo: false, greyscale: false, muteAudio: true, blurThumbnails: true };
    const res = await callApi(h, admin.session, 'PUT', '/api/settings/review', { wellbeingDefaults: defaults });
    expect(await jsonOf<ReviewSettingsDto>(res, 200)).toEqual({ wellbeingDefaults: defaults, breakThresholdMinutes: 120 });
    const ev = (await auditRows(h, 'settings.updated')).at(-1);
    expect(ev).toMatchObject({
      actor_id: admin.userId,
      subject_type: 'settings',
      subject_id: 'wellbeing_defaults',
      request_id: res.headers.get('x-request-id'),
    });
    expect(ev!.details).toEqual({ from: { blurVideo: true, greyscale: true, muteAudio: true, blurThumbnails: true }, to: defaults });

    const prefs = await jsonOf<MyPreferencesDto>(await callApi(h, mod.session, 'GET', '/api/me/preferences'), 200);
    expect(prefs).toEqual({ wellbeing: { ...defaults, blurVideo: true }, overrides: { blurVideo: true }, defaults });

    // The same values again change nothing and record nothing.
    const events = (await auditRows(h, 'settings.updated')).length;
    await jsonOf(await callApi(h, admin.session, 'PUT', '/api/settings/review', { wellbeingDefaults: { ...defaults } }), 200);
    expect((await auditRows(h, 'settings.updated')).length).toBe(events);

    const thr = await callApi(h, admin.session, 'PUT', '/api/settings/review', { breakThresholdMinutes: 90 });
    expect((await jsonOf<ReviewSettingsDto>(thr, 200)).breakThresholdMinutes).toBe(90);
    expect((await auditRows(h, 'settings.updated')).at(-1)!.details).toEqual({ from: 120, to: 90 });
    await jsonOf(await callApi(h, admin.session, 'PUT', '/api/settings/review', { breakThresholdMinutes: 120 }), 200);
  });

  it('refuses bad settings with 400 and keeps the old ones', async () => {
    const before = await jsonOf<ReviewSettingsDto>(await callApi(h, admin.session, 'GET', '/api/settings/review'), 200);
    for (const body of [
      {},
      { breakThresholdMinutes: 5 },
      { breakThresholdMinutes: 24 * 60 + 1 },
      { breakThresholdMinutes: '60' },
      { wellbeingDefaults: { blurVideo: false } },
      { wellbeingDefaults: { ...before.wellbeingDefaults, sepia: true } },
      { retentionDays: 30 },
    ]) {
      await expectError(await callApi(h, admin.session, 'PUT', '/api/settings/review', body), 400, 'validation_failed');
    }
    expect(await jsonOf(await callApi(h, admin.session, 'GET', '/api/settings/review'), 200)).toEqual(before);
  });
});
