import type { Role } from '@kura/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError } from '../../../../test/support/media.ts';
import { api, claim, decide, pollFeed, seedItem } from '../../../../test/support/review.ts';
import { staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import type { SignedIn } from '../../../../test/support/staff.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// The review workflow's routes crossed with every kind of caller (as authorization.test.ts does
// for the rest of the API). Each refusal sits next to a positive control, so a route that refuses
// everyone fails too.

interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  /** The item (or recording) id the path needs, made fresh for an allowed caller when it must be. */
  path: (id: string) => string;
  body?: unknown;
  ok: number[];
  /** Roles that are signed in yet refused here. */
  wrongRoles: Role[];
  /** For an allowed caller: makes the state the route needs and answers the id to use. */
  prepare?: (s: StaffSession) => Promise<string>;
}

let h: Harness;
let shared: { itemId: string; recordingId: string };
let other: StaffSession;

const freshItem = async () => (await seedItem(h, { reports: ['harassment'], recording: true })).itemId!;
const WORKERS_ONLY: Role[] = ['admin', 'auditor'];
const LEADS_ONLY: Role[] = ['admin', 'auditor', 'moderator'];

const ROUTES: RouteSpec[] = [
  { name: 'GET /api/review-items', method: 'GET', path: () => '/api/review-items', ok: [200], wrongRoles: WORKERS_ONLY },
  { name: 'POST /api/review-items/next', method: 'POST', path: () => '/api/review-items/next', ok: [200, 204], wrongRoles: WORKERS_ONLY },
  {
    name: 'GET /api/review-items/assignable-staff',
    method: 'GET',
    path: () => '/api/review-items/assignable-staff',
    ok: [200],
    wrongRoles: LEADS_ONLY,
  },
  {
    name: 'POST /api/review-items/bulk (close_no_violation)',
    method: 'POST',
    path: () => '/api/review-items/bulk',
    body: { action: 'close_no_violation', ids: ['00000000-0000-4000-8000-000000000000'], rationale: 'none' },
    ok: [200],
    wrongRoles: WORKERS_ONLY,
  },
  { name: 'GET /api/review-items/:id', method: 'GET', path: (id) => `/api/review-items/${id}`, ok: [200], wrongRoles: WORKERS_ONLY },
  {
    name: 'POST /api/review-items/:id/claim',
    method: 'POST',
    path: (id) => `/api/review-items/${id}/claim`,
    ok: [200],
    wrongRoles: WORKERS_ONLY,
    prepare: freshItem,
  },
  {
    name: 'POST /api/review-items/:id/release',
    method: 'POST',
    path: (id) => `/api/review-items/${id}/release`,
    ok: [200],
    wrongRoles: WORKERS_ONLY,
    prepare: async (s) => {
      const id = await freshItem();
      await claim(h, s.session, id);
      return id;
    },
  },
  {
    name: 'POST /api/review-items/:id/assign',
    method: 'POST',
    path: (id) => `/api/review-items/${id}/assign`,
    body: undefined,
    ok: [200],
    wrongRoles: LEADS_ONLY,
    prepare: freshItem,
  },
  {
    name: 'POST /api/review-items/:id/decision',
    method: 'POST',
    path: (id) => `/api/review-items/${id}/decision`,
    body: { outcome: 'no_violation', rationale: 'nothing seen' },
    ok: [201],
    wrongRoles: WORKERS_ONLY,
    prepare: freshItem,
  },
  {
    name: 'POST /api/review-items/:id/reopen',
    method: 'POST',
    path: (id) => `/api/review-items/${id}/reopen`,
    body: { reason: 'second look' },
    ok: [200],
    wrongRoles: LEADS_ONLY,
    prepare: async () => {
      const id = await freshItem();
      await decide(h, other.session, id, { outcome: 'no_violation' });
      return id;
    },
  },
  {
    name: 'POST /api/recordings/:id/review-items',
    method: 'POST',
    path: (id) => `/api/recordings/${id}/review-items`,
    body: { note: 'opened in the matrix' },
    ok: [200, 201],
    wrongRoles: WORKERS_ONLY,
    prepare: async () => (await seedItem(h, { reports: [], recording: true })).recordingId!,
  },
];
const UNSAFE = ROUTES.filter((r) => r.method === 'POST');

beforeAll(async () => {
  h = await createHarness();
  const s = await seedItem(h, { reports: ['harassment'], recording: true });
  shared = { itemId: s.itemId!, recordingId: s.recordingId! };
  other = await staffSession(h, ['moderator']);
  // The assign route's body names a reviewer; any enabled moderator will do.
  ROUTES.find((r) => r.name === 'POST /api/review-items/:id/assign')!.body = { staffUserId: other.userId };
});
afterAll(async () => {
  await h?.close();
});

const sharedId = (route: RouteSpec) => (route.path('x').startsWith('/api/recordings') ? shared.recordingId : shared.itemId);

function call(route: RouteSpec, headers: Record<string, string>, id = sharedId(route)): Promise<Response> {
  return fetch(`${h.baseUrl}${route.path(id)}`, {
    method: route.method,
    headers: route.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(route.body === undefined ? {} : { body: JSON.stringify(route.body) }),
  });
}

async function reviewEvents(): Promise<number> {
  const rows = await h.ctx.db.selectFrom('audit_events').select('seq').where('action', 'like', 'review.%').execute();
  return rows.length;
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

describe('the review routes: who may call them', () => {
  it('moderators and leads reach exactly the routes meant for them', async () => {
    for (const role of ['moderator', 'lead'] as Role[]) {
      const s = await staffSession(h, [role]);
      for (const route of ROUTES) {
        if (route.wrongRoles.includes(role)) continue;
        const id = route.prepare ? await route.prepare(s) : sharedId(route);
        const res = await call(route, s.session.headers(), id);
        expect.soft(route.ok, `${role} ${route.name}: ${res.status} ${await res.clone().text()}`).toContain(res.status);
        await res.arrayBuffer();
      }
    }
  });

  it('wrong role (auditor, admin, a moderator on lead-only routes): 403 forbidden, and nothing happens', async () => {
    const before = await reviewEvents();
    const byRole = new Map<Role, StaffSession>();
    for (const route of ROUTES) {
      for (const role of route.wrongRoles) {
        if (!byRole.has(role)) byRole.set(role, await staffSession(h, [role]));
        await expect
          .soft(expectError(call(route, byRole.get(role)!.session.headers()), 403, 'forbidden').then(() => `${role} ${route.name}`))
          .resolves.toBe(`${role} ${route.name}`);
      }
    }
    expect(await reviewEvents()).toBe(before);
    // Every role named refused somewhere is refused on the routes it must not use.
    expect([...byRole.keys()].sort()).toEqual(['admin', 'auditor', 'moderator']);
  });

  it('anonymous, and a cookie that is no live session: 401 everywhere', async () => {
    await expectAllRefused(null, 401, 'unauthorized');
    const cookie = `kura_session=${'A'.repeat(43)}`;
    await expectAllRefused({ cookie, csrfToken: 'x', headers: () => ({ cookie, 'x-csrf-token': 'x' }) }, 401, 'unauthorized');
    await expectAllRefused({ headers: () => bearer() } as unknown as SignedIn, 401, 'unauthorized');
  });

  it('state-changing routes without the CSRF token, or with another session’s: 403 csrf_failed, nothing done', async () => {
    const s = await staffSession(h, ['lead', 'moderator']);
    const before = await reviewEvents();
    const itemState = () =>
      h.ctx.db
        .selectFrom('review_items')
        .select(['assignee_id', 'status', 'queue'])
        .where('id', '=', shared.itemId)
        .executeTakeFirstOrThrow();
    const stateBefore = await itemState();
    for (const csrf of [null, other.session.csrfToken, '']) {
      const headers: Record<string, string> = { cookie: s.session.cookie };
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      for (const route of UNSAFE) {
        await expect.soft(expectError(call(route, headers), 403, 'csrf_failed').then(() => route.name)).resolves.toBe(route.name);
      }
    }
    expect(await reviewEvents()).toBe(before);
    expect(await itemState()).toEqual(stateBefore);
    expect(await h.ctx.db.selectFrom('review_items').select('id').where('assignee_id', '=', s.userId).execute()).toEqual([]);
  });
});

describe('GET /v1/ingest/decisions: service token only', () => {
  it('200 with the token; 401 without, with a wrong one, or with a staff session of any role', async () => {
    expect((await pollFeed(h)).status).toBe(200);
    await expectError(fetch(`${h.baseUrl}/v1/ingest/decisions`), 401, 'unauthorized');
    await expectError(pollFeed(h, {}, 'not-the-token-0123456789abcdefghijkl'), 401, 'unauthorized');
    const s = await staffSession(h, ['moderator', 'lead', 'auditor', 'admin']);
    await expectError(fetch(`${h.baseUrl}/v1/ingest/decisions`, { headers: s.session.headers() }), 401, 'unauthorized');
    await expectError(api(h, s.session, 'GET', '/v1/ingest/decisions'), 401, 'unauthorized');
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
