import type { Role } from '@kura/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { approve, packetBody, readyPacket, seedPacketSource, type PacketSource } from '../../../../test/support/packets.ts';
import { expectError, grantAccess, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { disableStaffUser } from '../services/auth/staff-users.ts';

// The role matrix of the packet routes: every route crossed with every kind of caller. Each
// refusal sits next to a positive control, so a route that refuses everyone fails too.

const ROLES: Role[] = ['moderator', 'lead', 'auditor', 'admin'];
const REVIEWERS: Role[] = ['moderator', 'lead'];

interface Request {
  path: string;
  body?: unknown;
}

interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  /** Builds a request that an allowed caller would succeed with, creating what it needs first. */
  prepare: (caller: Caller) => Promise<Request>;
  ok: number;
  /** Roles let through; every other role gets 403. */
  allowed: Role[];
}

type Caller = StaffSession & { roles: Role[] };

let h: Harness;
let source: PacketSource;
let author: Caller;
let lead: Caller;
let packetId: string;
let clipPath: string;

/** A packet someone else made, cut and ready to approve. */
const readyToApprove = async () => (await readyPacket(h, author.session, packetBody(source.recordingId))).id;
const approvedByLead = async () => {
  const id = await readyToApprove();
  const res = await approve(h, lead.session, id);
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${await res.text()}`);
  return id;
};

const ROUTES: RouteSpec[] = [
  {
    name: 'POST /api/packets',
    method: 'POST',
    prepare: async () => ({ path: '/api/packets', body: packetBody(source.recordingId) }),
    ok: 201,
    allowed: REVIEWERS,
  },
  { name: 'GET /api/packets', method: 'GET', prepare: async () => ({ path: '/api/packets' }), ok: 200, allowed: REVIEWERS },
  { name: 'GET /api/packets/:id', method: 'GET', prepare: async () => ({ path: `/api/packets/${packetId}` }), ok: 200, allowed: REVIEWERS },
  {
    name: 'GET /api/packets/:id/custody',
    method: 'GET',
    prepare: async () => ({ path: `/api/packets/${packetId}/custody` }),
    ok: 200,
    allowed: [...REVIEWERS, 'auditor'],
  },
  {
    name: 'GET /api/packets/:id/clips/:clipId/media',
    method: 'GET',
    prepare: async (caller) => {
      // Only reviewers can hold the grant a clip needs; the others are refused before that.
      if (caller.roles.some((r) => REVIEWERS.includes(r))) await grantAccess(h, caller.session, source.recordingId);
      return { path: clipPath };
    },
    ok: 200,
    allowed: REVIEWERS,
  },
  {
    name: 'POST /api/packets/:id/approve',
    method: 'POST',
    prepare: async () => ({ path: `/api/packets/${await readyToApprove()}/approve`, body: {} }),
    ok: 200,
    allowed: ['lead'],
  },
  {
    name: 'POST /api/packets/:id/approval/withdraw',
    method: 'POST',
    prepare: async () => ({ path: `/api/packets/${await approvedByLead()}/approval/withdraw`, body: { reason: 'redo' } }),
    ok: 200,
    allowed: ['lead'],
  },
];

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
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 61 });
  [author, lead] = await Promise.all([caller(['moderator']), caller(['lead'])]);
  const p = await readyPacket(h, author.session, packetBody(source.recordingId));
  packetId = p.id;
  clipPath = p.clips[0]!.mediaUrl!;
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
  let everything: Caller;
  const prepared = new Map<string, Request>();
  beforeAll(async () => {
    everything = await caller(ROLES);
    // Refused requests change nothing, so one prepared request per route serves every case.
    for (const route of ROUTES) prepared.set(route.name, await route.prepare(everything));
  });

  async function expectAllRefused(headersOf: () => Record<string, string>, status: number, code: string, routes = ROUTES) {
    for (const route of routes) {
      const res = await send(route, prepared.get(route.name)!, headersOf());
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

  it('a cookie that is no live session, or a disabled account: 401 everywhere', async () => {
    await expectAllRefused(() => ({ cookie: `kura_session=${'A'.repeat(43)}`, 'x-csrf-token': 'x' }), 401, 'unauthorized');
    const s = await caller(ROLES);
    await disableStaffUser(h.ctx, s.email, { type: 'system', id: 'test' });
    await expectAllRefused(() => s.session.headers(), 401, 'unauthorized');
  });

  it('state-changing routes without the CSRF token, with an empty one or with another session’s: 403 csrf_failed, nothing done', async () => {
    const other = await caller(ROLES);
    const eventsBy = async (id: string) =>
      (await h.ctx.db.selectFrom('audit_events').select('seq').where('actor_id', '=', id).execute()).length;
    const packets = async () =>
      (await h.ctx.db.selectFrom('packets').select(['id', 'status']).orderBy('id').execute()).map((p) => `${p.id}:${p.status}`);
    const [before, packetsBefore] = [await eventsBy(everything.userId), await packets()];
    const unsafe = ROUTES.filter((r) => r.method !== 'GET');
    expect(unsafe).toHaveLength(3);
    for (const csrf of [null, '', other.session.csrfToken]) {
      await expectAllRefused(
        () => ({ cookie: everything.session.cookie, ...(csrf === null ? {} : { 'x-csrf-token': csrf }) }),
        403,
        'csrf_failed',
        unsafe,
      );
    }
    expect(await eventsBy(everything.userId)).toBe(before);
    expect(await packets()).toEqual(packetsBefore);
  });

  it('the ingest bearer token opens none of these routes', async () => {
    await expectAllRefused(() => ({ authorization: 'Bearer test-ingest-token-0123456789abcdef' }), 401, 'unauthorized');
  });
});
