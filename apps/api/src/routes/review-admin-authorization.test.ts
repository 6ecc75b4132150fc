import { randomBytes } from 'node:crypto';
import type { Role } from '@kura/db';
import type { FlagDto, HoldDto, ListSessionsResponse } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf, postReport } from '../../../../test/support/http-calls.ts';
import { expectError, grantAccess, seedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { createStaff, signIn } from '../../../../test/support/staff.ts';
import { disableStaffUser } from '../services/auth/staff-users.ts';

// The role matrix of flags, holds, context, account notes, exposure, preferences, settings,
// staff admin and one's own account: every route crossed with every kind of caller. Each
// refusal sits next to a positive control, so a route that refuses everyone fails too.

const ROLES: Role[] = ['moderator', 'lead', 'auditor', 'admin'];
const REVIEWERS: Role[] = ['moderator', 'lead'];
const EVERYONE: Role[] = ROLES;

interface Request {
  path: string;
  body?: unknown;
}

interface RouteSpec {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Builds a request that an allowed caller would succeed with, creating what it needs first. */
  prepare: (caller: StaffSession) => Promise<Request>;
  ok: number;
  /** Roles let through; every other role gets 403. */
  allowed: Role[];
}

let h: Harness;
let recordingId: string;
let callRef: string;
let reviewItemId: string;
let lead: StaffSession;
let mod: StaffSession;

const FLAG = { category: 'harassment', severity: 'low', startMs: 0, endMs: 1000 };
const newFlag = async () =>
  (await jsonOf<FlagDto>(await callApi(h, mod.session, 'POST', `/api/recordings/${recordingId}/flags`, FLAG), 201)).id;
const newHold = async () =>
  (await jsonOf<HoldDto>(await callApi(h, lead.session, 'POST', `/api/recordings/${recordingId}/holds`, { reason: 'matter' }), 201)).id;
const mayHoldGrants = (s: StaffSession & { roles?: Role[] }) => s.roles?.some((r) => REVIEWERS.includes(r)) ?? false;

const ROUTES: RouteSpec[] = [
  {
    name: 'GET /api/recordings/:id/flags',
    method: 'GET',
    prepare: async () => ({ path: `/api/recordings/${recordingId}/flags` }),
    ok: 200,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/recordings/:id/flags',
    method: 'POST',
    prepare: async () => ({ path: `/api/recordings/${recordingId}/flags`, body: FLAG }),
    ok: 201,
    allowed: REVIEWERS,
  },
  {
    name: 'PATCH /api/flags/:id',
    method: 'PATCH',
    prepare: async () => ({ path: `/api/flags/${await newFlag()}`, body: { severity: 'high' } }),
    ok: 200,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/flags/:id/retract',
    method: 'POST',
    prepare: async () => ({ path: `/api/flags/${await newFlag()}/retract`, body: { reason: 'mistake' } }),
    ok: 200,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/recordings/:id/holds',
    method: 'POST',
    prepare: async () => ({ path: `/api/recordings/${recordingId}/holds`, body: { reason: 'inquiry' } }),
    ok: 201,
    allowed: ['lead'],
  },
  {
    name: 'POST /api/holds/:id/release',
    method: 'POST',
    prepare: async () => ({ path: `/api/holds/${await newHold()}/release`, body: { reason: 'done' } }),
    ok: 200,
    allowed: ['lead'],
  },
  {
    name: 'GET /api/review-items/:id/context',
    method: 'GET',
    prepare: async () => ({ path: `/api/review-items/${reviewItemId}/context` }),
    ok: 200,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/accounts/user/:ref/notes',
    method: 'POST',
    prepare: async () => ({ path: `/api/accounts/user/user-${callRef}/notes`, body: { body: 'note' } }),
    ok: 201,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/accounts/creator/:ref/notes',
    method: 'POST',
    prepare: async () => ({ path: `/api/accounts/creator/creator-${callRef}/notes`, body: { body: 'note' } }),
    ok: 201,
    allowed: REVIEWERS,
  },
  { name: 'GET /api/me/preferences', method: 'GET', prepare: async () => ({ path: '/api/me/preferences' }), ok: 200, allowed: EVERYONE },
  {
    name: 'PUT /api/me/preferences',
    method: 'PUT',
    prepare: async () => ({ path: '/api/me/preferences', body: { wellbeing: { greyscale: false } } }),
    ok: 200,
    allowed: EVERYONE,
  },
  { name: 'GET /api/me/exposure', method: 'GET', prepare: async () => ({ path: '/api/me/exposure' }), ok: 200, allowed: EVERYONE },
  {
    // Anyone may report their own exposure, but only on media they may watch: auditors and
    // admins can hold no grant, so for them it is 403.
    name: 'POST /api/me/exposure',
    method: 'POST',
    prepare: async (caller) => {
      if (mayHoldGrants(caller)) await grantAccess(h, caller.session, recordingId);
      return { path: '/api/me/exposure', body: { recordingId, playedMs: 1000 } };
    },
    ok: 204,
    allowed: REVIEWERS,
  },
  { name: 'GET /api/exposure/team', method: 'GET', prepare: async () => ({ path: '/api/exposure/team' }), ok: 200, allowed: ['lead'] },
  { name: 'GET /api/settings/review', method: 'GET', prepare: async () => ({ path: '/api/settings/review' }), ok: 200, allowed: ['admin'] },
  {
    name: 'PUT /api/settings/review',
    method: 'PUT',
    prepare: async () => ({ path: '/api/settings/review', body: { breakThresholdMinutes: 100 + Math.floor(Math.random() * 50) } }),
    ok: 200,
    allowed: ['admin'],
  },
  { name: 'GET /api/staff', method: 'GET', prepare: async () => ({ path: '/api/staff' }), ok: 200, allowed: ['admin'] },
  {
    name: 'POST /api/staff',
    method: 'POST',
    prepare: async () => ({
      path: '/api/staff',
      body: {
        email: `m-${randomBytes(4).toString('hex')}@kura.test`,
        displayName: 'M',
        roles: ['moderator'],
        password: 'a long enough password',
      },
    }),
    ok: 201,
    allowed: ['admin'],
  },
  {
    name: 'PATCH /api/staff/:id',
    method: 'PATCH',
    prepare: async () => ({ path: `/api/staff/${(await createStaff(h, ['moderator'])).userId}`, body: { displayName: 'Renamed' } }),
    ok: 200,
    allowed: ['admin'],
  },
  { name: 'GET /api/me/sessions', method: 'GET', prepare: async () => ({ path: '/api/me/sessions' }), ok: 200, allowed: EVERYONE },
  {
    name: 'POST /api/me/sessions/:id/revoke',
    method: 'POST',
    prepare: async (caller) => {
      // A second session of the caller's own, so revoking it leaves the calling session alive.
      const second = await signIn(h, caller.email, caller.password);
      const { items } = await jsonOf<ListSessionsResponse>(await callApi(h, second, 'GET', '/api/me/sessions'), 200);
      return { path: `/api/me/sessions/${items.find((s) => s.current)!.id}/revoke` };
    },
    ok: 204,
    allowed: EVERYONE,
  },
  {
    // Last: the same password again, so the caller can go on signing in with it.
    name: 'POST /api/me/password',
    method: 'POST',
    prepare: async (caller) => ({ path: '/api/me/password', body: { currentPassword: caller.password, newPassword: caller.password } }),
    ok: 204,
    allowed: EVERYONE,
  },
];

type Caller = StaffSession & { roles: Role[] };
async function caller(roles: Role[]): Promise<Caller> {
  return { ...(await staffSession(h, roles)), roles };
}

function send(route: RouteSpec, req: Request, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.baseUrl}${req.path}`, {
    method: route.method,
    headers: req.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  });
}

beforeAll(async () => {
  h = await createHarness();
  const rec = await seedRecording(h);
  recordingId = rec.recordingId;
  callRef = rec.callRef;
  reviewItemId = await postReport(h, callRef);
  lead = await caller(['lead']);
  mod = await caller(['moderator']);
});
afterAll(async () => {
  await h?.close();
});

describe('allowed callers (positive control)', () => {
  it.each(ROLES)('%s reaches exactly the routes allowed to it, and gets 403 forbidden elsewhere', async (role) => {
    const s = await caller([role]);
    for (const route of ROUTES) {
      const req = await route.prepare(s);
      const res = await send(route, req, s.session.headers());
      if (route.allowed.includes(role)) {
        expect.soft(res.status, `${role} ${route.name}: ${await res.clone().text()}`).toBe(route.ok);
        await res.arrayBuffer();
      } else {
        await expect
          .soft(
            expectError(res, 403, 'forbidden').then(() => route.name),
            `${role} ${route.name}`,
          )
          .resolves.toBe(route.name);
      }
    }
  });
});

describe('refusals', () => {
  async function expectAllRefused(headersOf: () => Record<string, string>, status: number, code: string, routes = ROUTES) {
    const everything = await caller(ROLES);
    for (const route of routes) {
      const res = await send(route, await route.prepare(everything), headersOf());
      await expect
        .soft(
          expectError(res, status, code).then(() => route.name),
          route.name,
        )
        .resolves.toBe(route.name);
    }
  }

  it('anonymous: 401 everywhere', async () => {
    await expectAllRefused(() => ({}), 401, 'unauthorized');
  });

  it('a cookie that is no live session: 401 everywhere', async () => {
    await expectAllRefused(() => ({ cookie: `kura_session=${'A'.repeat(43)}`, 'x-csrf-token': 'x' }), 401, 'unauthorized');
  });

  it('a disabled account: 401 everywhere', async () => {
    const s = await caller(ROLES);
    await disableStaffUser(h.ctx, s.email, { type: 'system', id: 'test' });
    await expectAllRefused(() => s.session.headers(), 401, 'unauthorized');
  });

  it('state-changing routes without the CSRF token, with an empty one or with another session’s: 403 csrf_failed', async () => {
    const s = await caller(ROLES);
    const other = await caller(ROLES);
    const eventsBy = async (id: string) =>
      (await h.ctx.db.selectFrom('audit_events').select('seq').where('actor_id', '=', id).execute()).length;
    const before = await eventsBy(s.userId);
    const unsafe = ROUTES.filter((r) => r.method !== 'GET');
    expect(unsafe.length).toBeGreaterThan(10);
    for (const csrf of [null, '', other.session.csrfToken]) {
      await expectAllRefused(
        () => ({ cookie: s.session.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) }),
        403,
        'csrf_failed',
        unsafe,
      );
    }
    // Nothing was done in the caller's name, and the session the refused requests came with lives on.
    expect(await eventsBy(s.userId)).toBe(before);
    expect((await callApi(h, s.session, 'GET', '/api/auth/session')).status).toBe(200);
  });

  it('another person’s session id: 404 on revoke, and that session lives on', async () => {
    const victim = await caller(['moderator']);
    const { items } = await jsonOf<ListSessionsResponse>(await callApi(h, victim.session, 'GET', '/api/me/sessions'), 200);
    for (const role of ROLES) {
      const s = await caller([role]);
      await expectError(await callApi(h, s.session, 'POST', `/api/me/sessions/${items[0]!.id}/revoke`), 404, 'not_found');
    }
    expect((await callApi(h, victim.session, 'GET', '/api/auth/session')).status).toBe(200);
  });

  it('the ingest bearer token opens none of these routes', async () => {
    await expectAllRefused(() => ({ authorization: 'Bearer test-ingest-token-0123456789abcdef' }), 401, 'unauthorized');
  });
});
