import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { auditActions, callBody, expectError, leftovers, putCall } from '../../../../../test/support/media.ts';
import { verifyChain } from '../../services/audit/verify-chain.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const count = async (table: 'agencies' | 'creators' | 'platform_users' | 'calls') =>
  (await h.ctx.db.selectFrom(table).select('id').execute()).length;

function rawPutCall(ref: string, body: string, headers: Record<string, string> = { ...bearer(), 'content-type': 'application/json' }) {
  return fetch(`${h.baseUrl}/v1/ingest/calls/${ref}`, { method: 'PUT', headers, body });
}

async function expectNothingMade(): Promise<void> {
  expect(await leftovers(h)).toEqual({ recordings: 0, objects: [], orphans: [] });
}

describe('PUT /v1/ingest/calls/:callRef', () => {
  it('creates the call with its creator, agency and user (201), then updates them in place (200)', async () => {
    const first = await putCall(h, 'call-upsert-1', callBody({ creatorRef: 'cr-u1', agencyRef: 'ag-u1', userRef: 'us-u1' }));
    expect(first.status).toBe(201);
    const a = (await first.json()) as { callId: string; created: boolean };
    expect(a).toEqual({ callId: expect.any(String), created: true });

    const call = await h.ctx.db.selectFrom('calls').selectAll().where('ref', '=', 'call-upsert-1').executeTakeFirstOrThrow();
    expect(call.id).toBe(a.callId);
    const creator = await h.ctx.db.selectFrom('creators').selectAll().where('id', '=', call.creator_id).executeTakeFirstOrThrow();
    expect(creator).toMatchObject({ ref: 'cr-u1', name: 'Hina' });
    const agency = await h.ctx.db.selectFrom('agencies').selectAll().where('id', '=', creator.agency_id).executeTakeFirstOrThrow();
    expect(agency).toMatchObject({ ref: 'ag-u1', name: 'Sakura Talent' });
    const user = await h.ctx.db.selectFrom('platform_users').selectAll().where('id', '=', call.user_id).executeTakeFirstOrThrow();
    expect(user.ref).toBe('us-u1');

    const before = { agencies: await count('agencies'), creators: await count('creators'), users: await count('platform_users') };
    const second = await putCall(
      h,
      'call-upsert-1',
      callBody({
        creatorRef: 'cr-u1',
        creatorName: 'Hina (renamed)',
        agencyRef: 'ag-u1',
        agencyName: 'Sakura Talent KK',
        userRef: 'us-u1',
        endedAt: '2026-11-20T10:09:00Z',
      }),
    );
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ callId: a.callId, created: false });
    expect({ agencies: await count('agencies'), creators: await count('creators'), users: await count('platform_users') }).toEqual(before);
    const updated = await h.ctx.db.selectFrom('calls').selectAll().where('id', '=', a.callId).executeTakeFirstOrThrow();
    expect(updated.ended_at.toISOString()).toBe('2026-11-20T10:09:00.000Z');
    expect((await h.ctx.db.selectFrom('creators').select('name').where('ref', '=', 'cr-u1').executeTakeFirstOrThrow()).name).toBe(
      'Hina (renamed)',
    );
    expect((await h.ctx.db.selectFrom('agencies').select('name').where('ref', '=', 'ag-u1').executeTakeFirstOrThrow()).name).toBe(
      'Sakura Talent KK',
    );

    // Each upsert is on the record, and the chain still verifies.
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'call.upserted')
      .where('subject_id', '=', a.callId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.actor_type, (e.details as { created: boolean }).created])).toEqual([
      ['service', true],
      ['service', false],
    ]);
    expect(events[0]!.request_id).toBe(first.headers.get('x-request-id'));
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
    await expectNothingMade();
  });

  it('answers bad JSON with 400 bad_json and a wrong content type with 415, creating nothing', async () => {
    const calls = await count('calls');
    await expectError(rawPutCall('call-badjson', '{"creator": '), 400, 'bad_json');
    await expectError(rawPutCall('call-badjson', ''), 400, 'bad_json');
    await expectError(
      rawPutCall('call-badjson', JSON.stringify(callBody()), { ...bearer(), 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    await expectError(rawPutCall('call-badjson', JSON.stringify(callBody()), { ...bearer() }), 415, 'unsupported_media_type');
    expect(await count('calls')).toBe(calls);
    await expectNothingMade();
  });

  it('answers schema errors with 400 validation_failed naming the problem, creating nothing', async () => {
    const calls = await count('calls');
    const auditBefore = (await auditActions(h)).length;
    const { user: _u, ...noUser } = callBody();
    const cases: Array<[string, unknown, string]> = [
      ['call-v1', noUser, 'user'],
      ['call-v2', { ...callBody(), startedAt: undefined }, 'startedAt'],
      ['call-v3', callBody({ startedAt: '2026-11-20T10:05:00Z', endedAt: '2026-11-20T10:00:00Z' }), 'endedAt'],
      ['call-v4', callBody({ startedAt: 'yesterday' }), 'startedAt'],
      ['call-v5', { ...callBody(), extra: 1 }, ''],
      ['call-v6', callBody({ creatorRef: 'has space' }), 'creator.ref'],
      ['call-v7', [], ''],
    ];
    for (const [ref, body, path] of cases) {
      const res = await putCall(h, ref, body);
      const err = (await res.clone().json()) as { error: { details?: Array<{ path: string }> } };
      await expectError(res, 400, 'validation_failed');
      if (path)
        expect(
          err.error.details?.map((d) => d.path),
          ref,
        ).toContain(path);
    }
    // A call reference with characters outside [A-Za-z0-9._:-].
    for (const ref of ['bad$ref', 'call%20one', 'x'.repeat(201), 'caf%C3%A9']) {
      await expectError(putCall(h, decodeURIComponent(ref), callBody()), 400, 'validation_failed');
    }
    expect(await count('calls')).toBe(calls);
    expect((await auditActions(h)).length).toBe(auditBefore);
    await expectNothingMade();
  });
});

describe('service-token auth', () => {
  const routes: Array<{ method: string; path: string; body?: string; type?: string }> = [
    { method: 'PUT', path: '/v1/ingest/calls/call-auth', body: JSON.stringify(callBody()), type: 'application/json' },
    { method: 'PUT', path: '/v1/ingest/calls/call-auth/recording', body: 'not really a video', type: 'video/mp4' },
    {
      method: 'POST',
      path: '/v1/ingest/reports',
      body: JSON.stringify({ callRef: 'call-auth', reporter: 'user', category: 'fraud' }),
      type: 'application/json',
    },
    { method: 'GET', path: '/v1/ingest/calls/call-auth' },
  ];
  const badAuth: Array<Record<string, string>> = [
    {},
    { authorization: 'Bearer wrong-token-0123456789abcdef0123' },
    { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` },
    { authorization: 'Bearer' },
    { authorization: `Bearer ${'test-ingest-token-0123456789abcdef'.slice(0, -1)}` },
  ];

  it('answers 401 with a Bearer challenge on every ingest route without a valid token, and does nothing', async () => {
    const calls = await count('calls');
    const auditBefore = (await auditActions(h)).length;
    for (const route of routes) {
      for (const auth of badAuth) {
        const res = await fetch(`${h.baseUrl}${route.path}`, {
          method: route.method,
          headers: { ...auth, ...(route.type ? { 'content-type': route.type } : {}) },
          body: route.body,
        });
        expect(res.headers.get('www-authenticate'), `${route.method} ${route.path}`).toMatch(/^Bearer /);
        await expectError(res, 401, 'unauthorized');
      }
    }
    expect(await count('calls')).toBe(calls);
    expect((await auditActions(h)).length).toBe(auditBefore);
    await expectNothingMade();
  });
});
