import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callBody } from '../../../../test/support/media.ts';
import {
  grantAccess,
  GRANT_BODY,
  seedProcessedRecording,
  staffSession,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';

// Nothing Kura answers under /api or /v1 may be kept by a browser or a proxy: personal data,
// audit rows and CSRF tokens alike. Successes and errors, JSON and media.

let h: Harness;
let recordingId: string;
let callRef: string;
let moderator: StaffSession;
let auditor: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  ({ recordingId, callRef } = await seedProcessedRecording(h));
  moderator = await staffSession(h, ['moderator']);
  await grantAccess(h, moderator.session, recordingId);
  auditor = await staffSession(h, ['auditor']);
});
afterAll(async () => {
  await h?.close();
});

type Who = 'moderator' | 'auditor' | 'service' | 'nobody';

interface Case {
  name: string;
  method: string;
  path: () => string;
  who: Who;
  /** A function when it needs what beforeAll made. */
  body?: unknown;
  type?: string;
  status: number;
  /** Media keep their own stricter value; everything else says exactly no-store. */
  cacheControl?: string;
}

const json = 'application/json';

const CASES: Case[] = [
  // Successes.
  { name: 'session', method: 'GET', path: () => '/api/auth/session', who: 'moderator', status: 200 },
  { name: 'agencies', method: 'GET', path: () => '/api/agencies', who: 'moderator', status: 200 },
  { name: 'recordings list', method: 'GET', path: () => '/api/recordings', who: 'moderator', status: 200 },
  { name: 'recording detail', method: 'GET', path: () => `/api/recordings/${recordingId}`, who: 'moderator', status: 200 },
  { name: 'access log', method: 'GET', path: () => `/api/recordings/${recordingId}/access-log`, who: 'moderator', status: 200 },
  {
    name: 'declare purpose',
    method: 'POST',
    path: () => `/api/recordings/${recordingId}/access`,
    who: 'moderator',
    body: GRANT_BODY,
    type: json,
    status: 201,
  },
  {
    name: 'media',
    method: 'GET',
    path: () => `/api/recordings/${recordingId}/media`,
    who: 'moderator',
    status: 200,
    cacheControl: 'private, no-store',
  },
  {
    name: 'thumbnails',
    method: 'GET',
    path: () => `/api/recordings/${recordingId}/thumbnails`,
    who: 'moderator',
    status: 200,
    cacheControl: 'private, no-store',
  },
  { name: 'audit events', method: 'GET', path: () => '/api/audit/events', who: 'auditor', status: 200 },
  { name: 'audit verify', method: 'GET', path: () => '/api/audit/verify', who: 'auditor', status: 200 },
  {
    name: 'ingest call',
    method: 'PUT',
    path: () => `/v1/ingest/calls/${callRef}`,
    who: 'service',
    body: callBody(),
    type: json,
    status: 200,
  },
  {
    name: 'ingest report',
    method: 'POST',
    path: () => '/v1/ingest/reports',
    who: 'service',
    body: () => ({ callRef, reporter: 'user', category: 'fraud' }),
    type: json,
    status: 201,
  },
  // Errors.
  { name: 'no session', method: 'GET', path: () => '/api/recordings', who: 'nobody', status: 401 },
  { name: 'wrong role', method: 'GET', path: () => '/api/audit/events', who: 'moderator', status: 403 },
  { name: 'bad query', method: 'GET', path: () => '/api/audit/events?limit=0', who: 'auditor', status: 400 },
  { name: 'missing recording', method: 'GET', path: () => '/api/recordings/not-a-uuid', who: 'moderator', status: 404 },
  { name: 'no grant', method: 'GET', path: () => `/api/recordings/${recordingId}/media`, who: 'auditor', status: 403 },
  { name: 'unknown api route', method: 'GET', path: () => '/api/no-such-thing', who: 'moderator', status: 404 },
  { name: 'api root', method: 'GET', path: () => '/api', who: 'nobody', status: 404 },
  { name: 'bad sign-in body', method: 'POST', path: () => '/api/auth/login', who: 'nobody', body: '{', type: json, status: 400 },
  {
    name: 'ingest without token',
    method: 'PUT',
    path: () => `/v1/ingest/calls/${callRef}`,
    who: 'nobody',
    body: callBody(),
    type: json,
    status: 401,
  },
  {
    name: 'ingest bad ref',
    method: 'PUT',
    path: () => '/v1/ingest/calls/bad%20ref',
    who: 'service',
    body: callBody(),
    type: json,
    status: 400,
  },
  {
    name: 'ingest unknown call',
    method: 'PUT',
    path: () => '/v1/ingest/calls/no-such-call/recording',
    who: 'service',
    body: 'x',
    type: 'video/mp4',
    status: 404,
  },
  { name: 'unknown v1 route', method: 'GET', path: () => '/v1/nothing-here', who: 'service', status: 404 },
];

function headersFor(who: Who, type?: string): Record<string, string> {
  const base: Record<string, string> =
    who === 'moderator' ? moderator.session.headers() : who === 'auditor' ? auditor.session.headers() : who === 'service' ? bearer() : {};
  return type ? { ...base, 'content-type': type } : base;
}

describe('Cache-Control on /api and /v1', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const value = typeof c.body === 'function' ? (c.body as () => unknown)() : c.body;
    const body = value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
    const res = await fetch(`${h.baseUrl}${c.path()}`, { method: c.method, headers: headersFor(c.who, c.type), body });
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).toBe(c.status);
    expect(res.headers.get('cache-control')).toBe(c.cacheControl ?? 'no-store');
  });

  it('a recording upload answers no-store too', async () => {
    const res = await fetch(`${h.baseUrl}/v1/ingest/calls/${callRef}/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/mp4' },
      body: Buffer.from('other bytes than the stored recording'),
    });
    await res.arrayBuffer();
    expect(res.status).toBe(409);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('the health check and the console are left alone', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    await res.arrayBuffer();
    expect(res.headers.get('cache-control')).toBeNull();
  });
});
