import type { Role } from '@kura/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  expectError,
  grantAccess,
  GRANT_BODY,
  seedProcessedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';
import { signIn, type SignedIn } from '../../../../test/support/staff.ts';
import { disableStaffUser } from '../services/auth/staff-users.ts';

// Every staff route, every way of being refused: a table of routes crossed with a list of callers.
// Each refusal is checked next to a positive control, so a route that refuses everyone fails too.

const MINUTE = 60_000;
const ADMIN = { type: 'system', id: 'test' } as const;

interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  path: (id: string) => string;
  body?: unknown;
  /** Status for an allowed caller holding a live grant. */
  ok: number;
  /** Roles that are signed in yet not allowed here. */
  wrongRoles: Role[];
  /** Content: needs a live grant as well as the role. */
  needsGrant?: boolean;
}

const ROUTES: RouteSpec[] = [
  { name: 'GET /api/auth/session', method: 'GET', path: () => '/api/auth/session', ok: 200, wrongRoles: [] },
  { name: 'GET /api/agencies', method: 'GET', path: () => '/api/agencies', ok: 200, wrongRoles: ['admin'] },
  { name: 'GET /api/recordings', method: 'GET', path: () => '/api/recordings', ok: 200, wrongRoles: ['admin'] },
  { name: 'GET /api/recordings/:id', method: 'GET', path: (id) => `/api/recordings/${id}`, ok: 200, wrongRoles: ['admin'] },
  {
    name: 'POST /api/recordings/:id/access',
    method: 'POST',
    path: (id) => `/api/recordings/${id}/access`,
    body: GRANT_BODY,
    ok: 201,
    wrongRoles: ['admin', 'auditor'],
  },
  {
    name: 'GET /api/recordings/:id/access-log',
    method: 'GET',
    path: (id) => `/api/recordings/${id}/access-log`,
    ok: 200,
    wrongRoles: ['admin'],
  },
  {
    name: 'GET /api/recordings/:id/media',
    method: 'GET',
    path: (id) => `/api/recordings/${id}/media`,
    ok: 200,
    wrongRoles: ['admin', 'auditor'],
    needsGrant: true,
  },
  {
    name: 'GET /api/recordings/:id/thumbnails',
    method: 'GET',
    path: (id) => `/api/recordings/${id}/thumbnails`,
    ok: 200,
    wrongRoles: ['admin', 'auditor'],
    needsGrant: true,
  },
  { name: 'GET /api/audit/verify', method: 'GET', path: () => '/api/audit/verify', ok: 200, wrongRoles: ['admin', 'moderator', 'lead'] },
  { name: 'GET /api/audit/events', method: 'GET', path: () => '/api/audit/events', ok: 200, wrongRoles: ['admin', 'moderator', 'lead'] },
  // Last: it ends the session it is called with.
  { name: 'POST /api/auth/logout', method: 'POST', path: () => '/api/auth/logout', ok: 204, wrongRoles: [] },
];
const CONTENT_ROUTES = ROUTES.filter((r) => r.needsGrant);
const UNSAFE_ROUTES = ROUTES.filter((r) => r.method === 'POST');

let h: Harness;
let rec: SeededRecording;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedProcessedRecording(h);
});
afterAll(async () => {
  await h?.close();
});

function call(route: RouteSpec, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.baseUrl}${route.path(rec.recordingId)}`, {
    method: route.method,
    headers: route.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
  });
}

/** Someone whom the role checks let through everywhere, with a live grant on the recording. */
async function everything(): Promise<StaffSession> {
  const s = await staffSession(h, ['moderator', 'auditor']);
  await grantAccess(h, s.session, rec.recordingId);
  return s;
}

async function expectAllRefused(session: SignedIn | null, status: number, code: string, routes = ROUTES) {
  for (const route of routes) {
    const res = await call(route, session ? session.headers() : {});
    await expect
      .soft(
        expectError(res, status, code).then(() => route.name),
        route.name,
      )
      .resolves.toBe(route.name);
  }
}

describe('the allowed caller (positive control)', () => {
  it('reaches every route', async () => {
    const s = await everything();
    for (const route of ROUTES) {
      const res = await call(route, s.session.headers());
      expect.soft(res.status, route.name).toBe(route.ok);
      await res.arrayBuffer();
    }
  });

  it('each role reaches exactly the routes not refused to it', async () => {
    for (const role of ['moderator', 'lead', 'auditor', 'admin'] as Role[]) {
      const s = await staffSession(h, [role]);
      if (role === 'moderator' || role === 'lead') await grantAccess(h, s.session, rec.recordingId);
      for (const route of ROUTES) {
        const res = await call(route, s.session.headers());
        if (route.wrongRoles.includes(role)) {
          await expectError(res, 403, 'forbidden');
        } else {
          expect.soft(res.status, `${role} ${route.name}`).toBe(route.ok);
          await res.arrayBuffer();
        }
      }
    }
  });
});

describe('refusals', () => {
  it('anonymous: 401 everywhere', async () => {
    await expectAllRefused(null, 401, 'unauthorized');
  });

  it('a session cookie that is not a live session: 401 everywhere', async () => {
    const cookie = `kura_session=${'A'.repeat(43)}`;
    const bogus: SignedIn = { cookie, csrfToken: 'x', headers: () => ({ cookie, 'x-csrf-token': 'x' }) };
    await expectAllRefused(bogus, 401, 'unauthorized');
  });

  it('wrong role: 403 forbidden, and the refused grant request creates no grant', async () => {
    const grantsBefore = await h.ctx.db.selectFrom('access_grants').select('id').execute();
    const byRole = new Map<Role, StaffSession>();
    for (const route of ROUTES) {
      for (const role of route.wrongRoles) {
        if (!byRole.has(role)) byRole.set(role, await staffSession(h, [role]));
        await expectError(await call(route, byRole.get(role)!.session.headers()), 403, 'forbidden');
      }
    }
    expect(await h.ctx.db.selectFrom('access_grants').select('id').execute()).toHaveLength(grantsBefore.length);
  });

  it('disabled user (disableStaffUser): 401 everywhere', async () => {
    const s = await everything();
    expect((await call(ROUTES[0]!, s.session.headers())).status).toBe(200);
    await disableStaffUser(h.ctx, s.email, ADMIN);
    await expectAllRefused(s.session, 401, 'unauthorized');
  });

  it('disabled user whose session row was not revoked: still 401 everywhere', async () => {
    const s = await everything();
    await h.ctx.db.updateTable('staff_users').set({ disabled_at: h.ctx.now() }).where('id', '=', s.userId).execute();
    await expectAllRefused(s.session, 401, 'unauthorized');
  });

  it('expired session (idle past 30 minutes): 401 everywhere', async () => {
    const s = await everything();
    h.advance(31 * MINUTE);
    await expectAllRefused(s.session, 401, 'unauthorized');
  });

  it('logged-out session: 401 everywhere', async () => {
    const s = await everything();
    const out = await fetch(`${h.baseUrl}/api/auth/logout`, { method: 'POST', headers: s.session.headers() });
    expect(out.status).toBe(204);
    await expectAllRefused(s.session, 401, 'unauthorized');
  });

  it('missing grant: 403 grant_required on media and thumbnails, for moderator and lead', async () => {
    for (const role of ['moderator', 'lead'] as Role[]) {
      const s = await staffSession(h, [role]);
      await expectAllRefused(s.session, 403, 'grant_required', CONTENT_ROUTES);
    }
  });

  it('a grant on another recording, or held by someone else, does not count', async () => {
    const other = await seedProcessedRecording(h);
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['moderator']);
    await grantAccess(h, a.session, other.recordingId);
    await grantAccess(h, b.session, rec.recordingId);
    await expectAllRefused(a.session, 403, 'grant_required', CONTENT_ROUTES);
  });

  it('expired grant (31 minutes later): 403 grant_required', async () => {
    const s = await staffSession(h, ['moderator']);
    await grantAccess(h, s.session, rec.recordingId);
    for (const route of CONTENT_ROUTES) expect((await call(route, s.session.headers())).status).toBe(200);
    h.advance(31 * MINUTE);
    const again = await signIn(h, s.email, s.password);
    await expectAllRefused(again, 403, 'grant_required', CONTENT_ROUTES);
  });

  it('revoked grant: 403 grant_required', async () => {
    const s = await staffSession(h, ['lead']);
    const g = await grantAccess(h, s.session, rec.recordingId);
    await h.ctx.db.updateTable('access_grants').set({ revoked_at: h.ctx.now() }).where('id', '=', g.id).execute();
    await expectAllRefused(s.session, 403, 'grant_required', CONTENT_ROUTES);
  });

  it('state-changing routes without the CSRF token, or with another session’s: 403 csrf_failed, nothing done', async () => {
    const s = await staffSession(h, ['moderator']);
    const other = await staffSession(h, ['moderator']);
    const grantsBefore = (await h.ctx.db.selectFrom('access_grants').select('id').execute()).length;
    for (const csrf of [null, other.session.csrfToken, '']) {
      const headers: Record<string, string> = { cookie: s.session.cookie };
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      for (const route of UNSAFE_ROUTES) await expectError(await call(route, headers), 403, 'csrf_failed');
    }
    expect((await h.ctx.db.selectFrom('access_grants').select('id').execute()).length).toBe(grantsBefore);
    // The refused logout left the session alive.
    expect((await call(ROUTES[0]!, s.session.headers())).status).toBe(200);
  });
});

describe('the two kinds of credentials do not mix', () => {
  it('staff routes refuse the ingest bearer token', async () => {
    await expectAllRefused({ headers: () => bearer() } as unknown as SignedIn, 401, 'unauthorized');
  });

  it('ingest routes refuse a staff session', async () => {
    const s = await staffSession(h, ['moderator', 'lead', 'auditor', 'admin']);
    const attempts: [string, string, unknown][] = [
      ['PUT', `/v1/ingest/calls/${rec.callRef}`, {}],
      ['PUT', `/v1/ingest/calls/${rec.callRef}/recording`, 'bytes'],
      ['POST', '/v1/ingest/reports', { callRef: rec.callRef, reporter: 'user', category: 'harassment' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await fetch(`${h.baseUrl}${path}`, {
        method,
        headers: s.session.headers({ 'content-type': typeof body === 'string' ? 'video/mp4' : 'application/json' }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      await expectError(res, 401, 'unauthorized');
    }
  });
});
