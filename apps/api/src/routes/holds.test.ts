import { randomUUID } from 'node:crypto';
import type { HoldDto, ListRecordingsResponse, RecordingDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, seedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';

// Legal holds: leads place and release them with a reason; the recordings list and detail show
// them; a released hold stays on record.

let h: Harness;
let lead: StaffSession;
let lead2: StaffSession;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  lead = await staffSession(h, ['lead']);
  lead2 = await staffSession(h, ['lead']);
  mod = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

const place = (s: StaffSession, recordingId: string, reason = 'police inquiry 2026-118') =>
  callApi(h, s.session, 'POST', `/api/recordings/${recordingId}/holds`, { reason });
const release = (s: StaffSession, holdId: string, reason = 'inquiry closed') =>
  callApi(h, s.session, 'POST', `/api/holds/${holdId}/release`, { reason });
const detail = async (id: string) => jsonOf<RecordingDetailDto>(await callApi(h, mod.session, 'GET', `/api/recordings/${id}`), 200);
const listed = async (agency: string) =>
  (await jsonOf<ListRecordingsResponse>(await callApi(h, mod.session, 'GET', `/api/recordings?agency=${agency}`), 200)).items;

describe('placing and releasing a hold', () => {
  it('a lead places a hold (201, hold.placed); list and detail show it; release keeps it on record (hold.released)', async () => {
    const rec = await seedRecording(h, { agency: { ref: 'agency-hold', name: 'Agency Hold' } });
    expect((await listed('agency-hold'))[0]!.onHold).toBe(false);

    const res = await place(lead, rec.recordingId, '  police inquiry 2026-118 ');
    const hold = await jsonOf<HoldDto>(res, 201);
    expect(hold).toEqual({
      id: expect.any(String),
      recordingId: rec.recordingId,
      reason: 'police inquiry 2026-118',
      placedBy: { id: lead.userId, displayName: expect.any(String) },
      placedAt: expect.any(String),
      released: null,
    });
    const placed = (await auditRows(h, 'hold.placed')).at(-1);
    expect(placed).toMatchObject({
      actor_id: lead.userId,
      subject_type: 'recording',
      subject_id: rec.recordingId,
      request_id: res.headers.get('x-request-id'),
    });
    expect(placed!.details).toEqual({ holdId: hold.id, reason: 'police inquiry 2026-118' });

    expect((await listed('agency-hold'))[0]).toMatchObject({ id: rec.recordingId, onHold: true });
    const d = await detail(rec.recordingId);
    expect(d.onHold).toBe(true);
    expect(d.holds).toEqual([hold]);

    const released = await jsonOf<HoldDto>(await release(lead2, hold.id), 200);
    expect(released.released).toEqual({
      at: expect.any(String),
      by: { id: lead2.userId, displayName: expect.any(String) },
      reason: 'inquiry closed',
    });
    const ev = (await auditRows(h, 'hold.released')).at(-1);
    expect(ev).toMatchObject({ actor_id: lead2.userId, subject_id: rec.recordingId });
    expect(ev!.details).toEqual({ holdId: hold.id, reason: 'inquiry closed' });

    expect((await listed('agency-hold'))[0]!.onHold).toBe(false);
    const after = await detail(rec.recordingId);
    expect(after.onHold).toBe(false);
    expect(after.holds).toEqual([released]);
  });

  it('several holds may stand at once; the recording stays on hold until the last is released', async () => {
    const rec = await seedRecording(h, { agency: { ref: 'agency-two-holds', name: 'Agency Two' } });
    const a = await jsonOf<HoldDto>(await place(lead, rec.recordingId, 'matter A'), 201);
    const b = await jsonOf<HoldDto>(await place(lead2, rec.recordingId, 'matter B'), 201);
    await jsonOf(await release(lead, a.id), 200);
    expect((await detail(rec.recordingId)).onHold).toBe(true);
    expect((await listed('agency-two-holds'))[0]!.onHold).toBe(true);
    await jsonOf(await release(lead, b.id), 200);
    const d = await detail(rec.recordingId);
    expect(d.onHold).toBe(false);
    expect(d.holds.map((x) => x.reason).sort()).toEqual(['matter A', 'matter B']);
    expect(d.holds.every((x) => x.released !== null)).toBe(true);
  });

  it('releasing a released hold: 409 hold_released, nothing changes', async () => {
    const rec = await seedRecording(h);
    const hold = await jsonOf<HoldDto>(await place(lead, rec.recordingId), 201);
    const first = await jsonOf<HoldDto>(await release(lead, hold.id, 'first'), 200);
    const events = (await auditRows(h, 'hold.released')).length;
    await expectError(await release(lead2, hold.id, 'second'), 409, 'hold_released');
    expect((await detail(rec.recordingId)).holds).toEqual([first]);
    expect((await auditRows(h, 'hold.released')).length).toBe(events);
  });

  it('two leads releasing at once: exactly one succeeds', async () => {
    const rec = await seedRecording(h);
    const hold = await jsonOf<HoldDto>(await place(lead, rec.recordingId), 201);
    const results = await Promise.all([release(lead, hold.id), release(lead2, hold.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});

describe('refusals', () => {
  it('moderators may neither place nor release holds (403), and nothing is written', async () => {
    const rec = await seedRecording(h);
    await expectError(await place(mod, rec.recordingId), 403, 'forbidden');
    const hold = await jsonOf<HoldDto>(await place(lead, rec.recordingId), 201);
    await expectError(await release(mod, hold.id), 403, 'forbidden');
    const d = await detail(rec.recordingId);
    expect(d.holds).toEqual([hold]);
  });

  it('a reason is required for both', async () => {
    const rec = await seedRecording(h);
    for (const body of [{}, { reason: '' }, { reason: '  ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', until: '2027-01-01' }]) {
      await expectError(await callApi(h, lead.session, 'POST', `/api/recordings/${rec.recordingId}/holds`, body), 400, 'validation_failed');
    }
    expect((await detail(rec.recordingId)).holds).toEqual([]);
    const hold = await jsonOf<HoldDto>(await place(lead, rec.recordingId), 201);
    await expectError(await callApi(h, lead.session, 'POST', `/api/holds/${hold.id}/release`, { reason: '' }), 400, 'validation_failed');
  });

  it('unknown recordings and holds: 404', async () => {
    await expectError(await place(lead, randomUUID()), 404, 'not_found');
    await expectError(await place(lead, 'not-a-uuid'), 404, 'not_found');
    await expectError(await release(lead, randomUUID()), 404, 'not_found');
  });
});
