import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserEventDto } from '@kura/contracts';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { drainJobs, expectError } from '../../../../../test/support/media.ts';
import { seedItem } from '../../../../../test/support/review.ts';
import { seedRecording, staffSession } from '../../../../../test/support/seed-recording.ts';
import { createApprovedPacket } from '../../../../../test/support/shared-packet.ts';
import { verifyChain } from '../../services/audit/verify-chain.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;

function post(body: unknown, headers: Record<string, string> = bearer()): Promise<Response> {
  return fetch(`${h.baseUrl}/v1/ingest/user-events`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
const getEvent = (id: string, headers: Record<string, string> = bearer()) => fetch(`${h.baseUrl}/v1/ingest/user-events/${id}`, { headers });

async function send(body: Record<string, unknown>, status = 201): Promise<UserEventDto> {
  const res = await post(body);
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as UserEventDto;
}

const userOf = (ref: string) => h.ctx.db.selectFrom('platform_users').selectAll().where('ref', '=', ref).executeTakeFirstOrThrow();
const recordingRow = (id: string) => h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditFor = (action: string) => h.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('POST /v1/ingest/user-events', () => {
  it('a withdrawal marks the user and shortens their unflagged recordings to 7 days after it (done at once)', async () => {
    const rec = await seedRecording(h);
    const userRef = `user-${rec.callRef}`;
    const at = new Date(h.ctx.now().getTime() - DAY);
    const event = await send({ userRef, type: 'withdrawal', at: at.toISOString(), requestRef: 'wd-1' });
    expect(event).toEqual({ id: expect.any(String), type: 'withdrawal', status: 'done' });
    expect((await userOf(userRef)).withdrawn_at?.toISOString()).toBe(at.toISOString());
    const row = await recordingRow(rec.recordingId);
    expect(row.retention_reason).toBe('withdrawn');
    expect(row.retain_until?.toISOString()).toBe(new Date(at.getTime() + 7 * DAY).toISOString());

    const received = (await auditFor('user_event.received')).filter((e) => e.details.eventId === event.id);
    expect(received.map((e) => [e.actor_type, e.subject_type, e.details])).toEqual([
      ['service', 'platform_user', { eventId: event.id, type: 'withdrawal', requestRef: 'wd-1', at: at.toISOString(), recordings: 1 }],
    ]);

    // The same request again answers the first event and changes nothing; a later withdrawal never stretches the timer.
    expect(await send({ userRef, type: 'withdrawal', at: new Date().toISOString(), requestRef: 'wd-1' }, 200)).toEqual(event);
    await send({ userRef, type: 'withdrawal', at: new Date(at.getTime() + DAY).toISOString() });
    expect((await userOf(userRef)).withdrawn_at?.toISOString()).toBe(at.toISOString());
    expect((await recordingRow(rec.recordingId)).retain_until?.toISOString()).toBe(new Date(at.getTime() + 7 * DAY).toISOString());
    expect((await auditFor('user_event.received')).filter((e) => e.details.requestRef === 'wd-1')).toHaveLength(1);
  });

  it('a deletion request is pending, makes the recordings due now, and reports its status', async () => {
    const rec = await seedRecording(h);
    const userRef = `user-${rec.callRef}`;
    const event = await send({ userRef, type: 'deletion_request', at: new Date().toISOString(), requestRef: 'del-1' });
    expect(event).toEqual({ id: expect.any(String), type: 'deletion_request', status: 'pending' });
    const row = await recordingRow(rec.recordingId);
    expect(row.retention_reason).toBe('deletion_request');
    expect(row.retain_until!.getTime()).toBeLessThanOrEqual(h.ctx.now().getTime());

    const res = await getEvent(event.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(event);

    // The retention job records a refusal; the platform then reads why.
    await h.ctx.db
      .updateTable('user_events')
      .set({ status: 'refused', status_reason: 'a legal hold applies', resolved_at: new Date() })
      .where('id', '=', event.id)
      .execute();
    expect(await (await getEvent(event.id)).json()).toEqual({ ...event, status: 'refused', reason: 'a legal hold applies' });
  });

  it('a disclosure request opens a pending request; one requestRef cannot serve two users', async () => {
    const a = await seedRecording(h);
    const b = await seedRecording(h);
    const event = await send({
      userRef: `user-${a.callRef}`,
      type: 'disclosure_request',
      at: new Date().toISOString(),
      requestRef: 'disc-1',
    });
    expect(event.status).toBe('pending');
    await expectError(
      post({ userRef: `user-${b.callRef}`, type: 'disclosure_request', at: new Date().toISOString(), requestRef: 'disc-1' }),
      409,
      'request_ref_conflict',
    );
    // The same ref under another type is another request.
    expect(
      (await send({ userRef: `user-${a.callRef}`, type: 'deletion_request', at: new Date().toISOString(), requestRef: 'disc-1' })).id,
    ).not.toBe(event.id);
  });

  it('minor: recordings rank higher, and a packet approved without confirming a minor loses its approval', async () => {
    const packet = await createApprovedPacket(h);
    const item = await seedItem(h, { userRef: packet.userRef, reports: ['harassment'] });
    const before = await h.ctx.db.selectFrom('review_items').select('priority').where('id', '=', item.itemId!).executeTakeFirstOrThrow();

    const event = await send({ userRef: packet.userRef, type: 'minor', at: new Date().toISOString() });
    expect(event.status).toBe('done');
    expect((await userOf(packet.userRef)).is_minor).toBe(true);
    await drainJobs(h);
    const after = await h.ctx.db.selectFrom('review_items').selectAll().where('id', '=', item.itemId!).executeTakeFirstOrThrow();
    expect(after.priority).toBe(before.priority + 25);
    expect(after.priority_reasons).toContainEqual({ code: 'minor', points: 25 });

    const p = await h.ctx.db.selectFrom('packets').selectAll().where('id', '=', packet.packetId).executeTakeFirstOrThrow();
    expect(p).toMatchObject({ involves_minor: true, status: 'ready', approved_by: null, manifest: null });
    const withdrawn = (await auditFor('packet.approval_withdrawn')).filter((e) => e.subject_id === packet.packetId);
    expect(withdrawn.map((e) => e.actor_type)).toEqual(['service']);

    // The recording detail says minor, which the console always blurs.
    const staff = await staffSession(h, ['moderator']);
    const detail = await fetch(`${h.baseUrl}/api/recordings/${packet.recordingId}`, { headers: staff.session.headers() });
    expect(((await detail.json()) as { minor: boolean }).minor).toBe(true);

    await send({ userRef: packet.userRef, type: 'not_minor', at: new Date().toISOString() });
    expect((await userOf(packet.userRef)).is_minor).toBe(false);
    await drainJobs(h);
    expect(
      (await h.ctx.db.selectFrom('review_items').select('priority').where('id', '=', item.itemId!).executeTakeFirstOrThrow()).priority,
    ).toBe(before.priority);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('answers bad events with a 4xx JSON error and records nothing', async () => {
    const rec = await seedRecording(h);
    const userRef = `user-${rec.callRef}`;
    const count = async () => (await h.ctx.db.selectFrom('user_events').select('id').execute()).length;
    const before = await count();
    const base = { userRef, type: 'withdrawal', at: new Date().toISOString() };
    const invalid: Array<Record<string, unknown>> = [
      { ...base, type: 'unsubscribe' },
      { ...base, at: 'yesterday' },
      { ...base, at: '2014-12-31T23:59:59Z' },
      { ...base, at: new Date(Date.now() + 3_600_000).toISOString() },
      { ...base, userRef: 'bad ref' },
      { ...base, userRef: '' },
      { ...base, requestRef: 'x'.repeat(201) },
      { ...base, extra: 1 },
      { type: 'withdrawal', at: base.at },
    ];
    for (const body of invalid) await expectError(post(body), 400, 'validation_failed');
    // An unknown user and an unknown event look alike: nothing to learn from probing.
    const unknownUser = await expectError(post({ ...base, userRef: 'no-such-user' }), 404, 'not_found');
    const unknownEvent = await expectError(getEvent('00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expect(unknownUser.code).toBe(unknownEvent.code);
    await expectError(getEvent('not-a-uuid'), 404, 'not_found');
    expect(await count()).toBe(before);
  });

  it('refuses callers without the service token: none, a wrong one, a staff session', async () => {
    const rec = await seedRecording(h);
    const body = { userRef: `user-${rec.callRef}`, type: 'disclosure_request', at: new Date().toISOString() };
    const event = await send(body);
    const staff = await staffSession(h, ['admin']);
    for (const headers of [{}, bearer('wrong-token-0123456789abcdef'), staff.session.headers()]) {
      await expectError(post(body, headers), 401, 'unauthorized');
      await expectError(getEvent(event.id, headers), 401, 'unauthorized');
    }
    expect(
      await h.ctx.db
        .selectFrom('user_events')
        .select('id')
        .where('user_id', '=', (await userOf(body.userRef)).id)
        .execute(),
    ).toHaveLength(1);
  });
});
