import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, TEST_INGEST_TOKEN, type Harness } from '../../../../test/support/harness.ts';
import { callApi, postReport } from '../../../../test/support/http-calls.ts';
import { callBody, makeMedia } from '../../../../test/support/media.ts';
import { SpecConformance } from '../../../../test/support/openapi-conformance.ts';
import { postGrant, seedRecording, staffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, LINK_BODY } from '../../../../test/support/shared-packet.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import { createApp } from '../app.ts';
import { runRetention } from '../services/retention/run-retention.ts';
import type { HonoEnv } from '../http/env.ts';
import { onError } from '../http/middleware.ts';
import { apiDoc, undocumentedRoutes } from '../http/openapi.ts';
import { jsonBody } from '../http/validate.ts';
import { createLogger } from '../logger.ts';

// The published document covers the whole route table, is valid OpenAPI 3.1, and what the
// routes answer in practice conforms to it: ingest, sharing, recordings, the review queue and
// packets, errors included.

let h: Harness;
let spec: SpecConformance;

beforeAll(async () => {
  h = await createHarness();
  spec = await SpecConformance.load(h);
});
afterAll(async () => {
  await h?.close();
});

describe('the OpenAPI document', () => {
  it('documents every route of the app, console files aside', async () => {
    const consoleDir = await mkdtemp(join(tmpdir(), 'kura-console-'));
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>t</title>');
    const app = createApp(h.ctx, { consoleDir });
    expect(undocumentedRoutes(app.routes)).toEqual([]);
    const operations = Object.values(spec.spec.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(operations).toBeGreaterThan(60);
  });

  it('refuses a handler that validates with a schema its doc does not name', async () => {
    const Documented = z.object({ a: z.string() }).strict();
    const Other = z.object({ a: z.string() }).strict();
    const app = new Hono<HonoEnv>();
    app.use('*', async (c, next) => {
      c.set('log', createLogger('silent'));
      c.set('requestId', 'test-request');
      await next();
    });
    app.onError(onError);
    const doc = apiDoc({ summary: 'test', body: Documented, responses: { 200: Documented } });
    app.post('/same', doc, async (c) => c.json(await jsonBody(c, Documented)));
    app.post('/other', doc, async (c) => c.json(await jsonBody(c, Other)));
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x' }) };
    expect((await app.request('/same', init)).status).toBe(200);
    expect((await app.request('/other', init)).status).toBe(500);
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(spec.spec as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is served without sign-in and names no secret', async () => {
    const res = await fetch(`${h.baseUrl}/api/openapi.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(text).not.toContain(TEST_INGEST_TOKEN);
    expect(text).not.toContain(h.dbUrl);
  });

  it('has a page to browse that needs no script', async () => {
    const res = await fetch(`${h.baseUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('/v1/ingest/calls/{callRef}/recording');
    expect(html).toContain('id="schema-RecordingDetailDto"');
  });
});

describe('answers conform to the document', () => {
  it('(the check itself refuses what the document does not allow)', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(spec.problems('GET', `/api/recordings/${id}`, 200, { id })).not.toEqual([]);
    expect(spec.problems('GET', '/api/review-items', 200, { items: [], nextCursor: null, counts: {}, oldestWaitingAt: null })).not.toEqual(
      [],
    );
    expect(spec.problems('GET', `/api/review-items/${id}`, 404, { error: { code: 'not_found' } })).not.toEqual([]);
    expect(spec.problems('GET', `/v1/ingest/decisions`, 200, { items: [], next: '0', extra: 1 })).not.toEqual([]);
    expect(spec.problems('GET', `/v1/ingest/decisions`, 200, { items: [], next: '0' })).toEqual([]);
    expect(spec.operation('GET', '/api/review-items/assignable-staff').template).toBe('/api/review-items/assignable-staff');
    expect(spec.problems('GET', '/api/retention/runs', 200, { runs: [], nextBefore: null, more: true })).not.toEqual([]);
    expect(spec.problems('GET', '/api/retention/settings', 200, { enabled: true })).not.toEqual([]);
    expect(spec.problems('POST', `/api/disclosures/${id}/export`, 200, { type: 'kura.disclosure_export' })).not.toEqual([]);
    expect(spec.problems('GET', `/v1/ingest/user-events/${id}`, 200, { id, type: 'withdrawal', status: 'lost' })).not.toEqual([]);
    expect(spec.problems('GET', '/healthz', 200, { status: 'ok' })).toEqual([]);
    expect(spec.problems('GET', '/healthz', 200, { status: 'ok', uptime: 1 })).not.toEqual([]);
  });

  it('ingest', async () => {
    const ref = 'openapi-call-1';
    const put = (body: unknown) =>
      fetch(`${h.baseUrl}/v1/ingest/calls/${ref}`, {
        method: 'PUT',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await spec.expectConforms('PUT', await put(callBody()), 201);
    await spec.expectConforms('PUT', await put(callBody()), 200);
    await spec.expectConforms('PUT', await put({ nope: true }), 400);
    const media = await makeMedia({ kind: 'mp4', seconds: 1, seed: 3 });
    const upload = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': media.contentType },
      body: media.bytes,
    });
    await spec.expectConforms('PUT', upload, 201);
    const report = await fetch(`${h.baseUrl}/v1/ingest/reports`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ callRef: ref, reporter: 'user', category: 'harassment' }),
    });
    await spec.expectConforms('POST', report, 201);
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/v1/ingest/decisions?limit=10`, { headers: bearer() }), 200);
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/v1/ingest/decisions`), 401);
  });

  it('recordings, the review queue and decisions', async () => {
    const seeded = await seedRecording(h);
    await postReport(h, seeded.callRef);
    const mod = await staffSession(h, ['moderator']);
    const list = await spec.expectConforms<{ items: { id: string }[] }>(
      'GET',
      await callApi(h, mod.session, 'GET', '/api/recordings?limit=5'),
      200,
    );
    const id = list.items[0]!.id;
    await spec.expectConforms('GET', await callApi(h, mod.session, 'GET', `/api/recordings/${id}`), 200);
    await spec.expectConforms('POST', await postGrant(h, mod.session, id), 201);
    await spec.expectConforms('GET', await callApi(h, mod.session, 'GET', `/api/recordings/${id}`), 200);
    await spec.expectConforms('GET', await callApi(h, mod.session, 'GET', '/api/recordings/not-a-uuid'), 404);

    const queue = await spec.expectConforms<{ items: { id: string }[] }>(
      'GET',
      await callApi(h, mod.session, 'GET', '/api/review-items'),
      200,
    );
    const itemId = queue.items[0]!.id;
    await spec.expectConforms('GET', await callApi(h, mod.session, 'GET', `/api/review-items/${itemId}`), 200);
    await spec.expectConforms('POST', await callApi(h, mod.session, 'POST', `/api/review-items/${itemId}/claim`), 200);
    const decided = await callApi(h, mod.session, 'POST', `/api/review-items/${itemId}/decision`, {
      outcome: 'no_violation',
      rationale: 'nothing in the call',
    });
    await spec.expectConforms('POST', decided, 201);
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/v1/ingest/decisions`, { headers: bearer() }), 200);
  });

  it('packets, share links and the agency API', async () => {
    const lead = await staffSession(h, ['lead']);
    const p = await createApprovedPacket(h, { approver: lead });
    await spec.expectConforms('GET', await callApi(h, p.author.session, 'GET', '/api/packets'), 200);
    await spec.expectConforms('GET', await callApi(h, p.author.session, 'GET', `/api/packets/${p.packetId}`), 200);
    const link = await spec.expectConforms<{ token: string; linkId: string }>(
      'POST',
      await callApi(h, lead.session, 'POST', `/api/packets/${p.packetId}/links`, { ...LINK_BODY, passphrase: 'a passphrase for the spec' }),
      201,
    );
    await spec.expectConforms('GET', await callApi(h, lead.session, 'GET', `/api/packets/${p.packetId}`), 200);
    await spec.expectConforms('GET', await callApi(h, lead.session, 'GET', `/api/packets/${p.packetId}/custody`), 200);

    const agency = new AgencyClient(h, link.token);
    await spec.expectConforms('POST', await agency.startSession('wrong passphrase'), 401);
    await spec.expectConforms('POST', await agency.startSession('a passphrase for the spec'), 200);
    await spec.expectConforms('GET', await agency.get(), 200);
    await spec.expectConforms('GET', await agency.get('/manifest'), 200);
    await spec.expectConforms('POST', await agency.request('POST', '/replies', { body: { body: '受領しました', acknowledge: true } }), 201);
    await spec.expectConforms('GET', await agency.get(), 200);
    await spec.expectConforms('POST', await callApi(h, lead.session, 'POST', `/api/links/${link.linkId}/revoke`), 200);
    await spec.expectConforms('GET', await agency.get(), 404);
  });

  it('the rest of the staff API', async () => {
    const seeded = await seedRecording(h);
    const itemId = await postReport(h, seeded.callRef);
    const lead = await staffSession(h, ['lead']);
    const auditor = await staffSession(h, ['auditor']);
    const admin = await staffSession(h, ['admin']);
    const get = async (who: { session: Parameters<typeof callApi>[1] }, path: string, status = 200) =>
      spec.expectConforms('GET', await callApi(h, who.session, 'GET', path), status);

    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/api/auth/config`), 200);
    await get(lead, '/api/auth/session');
    await get(lead, '/api/agencies');
    await get(lead, '/api/me/preferences');
    await get(lead, '/api/me/exposure');
    await get(lead, '/api/me/sessions');
    await get(lead, '/api/exposure/team');
    await get(lead, '/api/review-items/assignable-staff');
    await get(lead, `/api/review-items/${itemId}/context`);
    await get(lead, `/api/recordings/${seeded.recordingId}/flags`);
    const note = await callApi(h, lead.session, 'POST', `/api/accounts/user/user-${seeded.callRef}/notes`, { body: 'a note' });
    await spec.expectConforms('POST', note, 201);
    await spec.expectConforms('POST', await postGrant(h, lead.session, seeded.recordingId), 201);
    await get(lead, `/api/recordings/${seeded.recordingId}/access-log`);
    await get(lead, '/api/provision-records');
    await get(auditor, '/api/audit/events?limit=5');
    await get(auditor, '/api/audit/verify');
    await get(auditor, '/api/audit/checkpoints/latest');
    await get(auditor, '/api/staff', 403);
    await get(admin, '/api/staff');
    await get(admin, '/api/settings/review');
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`), 200);
  });

  it('probes, user events, disclosures and retention', async () => {
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/healthz`), 200);
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/readyz`), 200);
    expect(
      spec.problems('GET', '/readyz', 503, { status: 'unavailable', checks: { database: 'unavailable', storage: 'ok', keyring: 'ok' } }),
    ).toEqual([]);
    expect(spec.problems('GET', '/readyz', 503, { status: 'unavailable', checks: { database: 'down' } })).not.toEqual([]);

    const seeded = await seedRecording(h);
    await postReport(h, seeded.callRef);
    const userRef = `user-${seeded.callRef}`;
    const postEvent = (body: unknown) =>
      fetch(`${h.baseUrl}/v1/ingest/user-events`, {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const eventBody = { userRef, type: 'disclosure_request', at: new Date().toISOString(), requestRef: `req-${seeded.callRef}` };
    const event = await spec.expectConforms<{ id: string }>('POST', await postEvent(eventBody), 201);
    await spec.expectConforms('POST', await postEvent(eventBody), 200);
    await spec.expectConforms('POST', await postEvent({ ...eventBody, type: 'nope' }), 400);
    await spec.expectConforms('GET', await fetch(`${h.baseUrl}/v1/ingest/user-events/${event.id}`, { headers: bearer() }), 200);

    const lead = await staffSession(h, ['lead']);
    const admin = await staffSession(h, ['admin']);
    const listed = await spec.expectConforms<{ items: { id: string }[] }>(
      'GET',
      await callApi(h, lead.session, 'GET', '/api/disclosures?status=pending'),
      200,
    );
    expect(listed.items.map((i) => i.id)).toContain(event.id);
    await spec.expectConforms('GET', await callApi(h, lead.session, 'GET', `/api/disclosures/${event.id}`), 200);
    const exported = await spec.expectConforms<{ calls: unknown[]; reports: unknown[] }>(
      'POST',
      await callApi(h, lead.session, 'POST', `/api/disclosures/${event.id}/export`),
      200,
    );
    expect(exported.calls.length).toBeGreaterThan(0);
    expect(exported.reports.length).toBeGreaterThan(0);

    // Unflagged, so it is due within the window.
    const unflagged = await seedRecording(h);
    const upcoming = await spec.expectConforms<{ items: { recordingId: string }[] }>(
      'GET',
      await callApi(h, lead.session, 'GET', '/api/retention/upcoming?days=60'),
      200,
    );
    expect(upcoming.items.map((i) => i.recordingId)).toContain(unflagged.recordingId);

    await spec.expectConforms('GET', await callApi(h, admin.session, 'GET', '/api/retention/settings'), 200);
    await spec.expectConforms('PUT', await callApi(h, admin.session, 'PUT', '/api/retention/settings', { enabled: true }), 200);
    await spec.expectConforms('PUT', await callApi(h, admin.session, 'PUT', '/api/retention/settings', { cron: 'x' }), 400);
    await runRetention(h.ctx, { triggeredBy: 'openapi test', dryRun: true });
    await runRetention(h.ctx, { triggeredBy: 'openapi test' });
    const runs = await spec.expectConforms<{ runs: { id: string }[] }>(
      'GET',
      await callApi(h, admin.session, 'GET', '/api/retention/runs'),
      200,
    );
    expect(runs.runs).toHaveLength(2);
    for (const run of runs.runs)
      await spec.expectConforms('GET', await callApi(h, admin.session, 'GET', `/api/retention/runs/${run.id}`), 200);
  });
});

describe('security in the document', () => {
  it('staff reads need the session alone; changes need the CSRF header too', () => {
    const security = (path: string, method: string) => (spec.spec.paths[path]![method] as unknown as { security: unknown }).security;
    expect(security('/api/recordings', 'get')).toEqual([{ staffSession: [] }]);
    expect(security('/api/retention/settings', 'put')).toEqual([{ staffSession: [], csrfToken: [] }]);
    expect(security('/api/disclosures/{id}/export', 'post')).toEqual([{ staffSession: [], csrfToken: [] }]);
  });

  it('/metrics needs the metrics bearer token; the probes need nothing', () => {
    const doc = spec.spec as unknown as {
      paths: Record<string, Record<string, { security: unknown }>>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
    };
    expect(doc.paths['/metrics']!.get!.security).toEqual([{ metricsToken: [] }]);
    expect(doc.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
    expect(doc.paths['/readyz']!.get!.security).toEqual([]);
  });
});
