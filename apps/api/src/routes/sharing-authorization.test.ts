import type { Role } from '@kura/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { createApprovedPacket, createLink, LINK_BODY } from '../../../../test/support/shared-packet.ts';

// The role matrix of the sharing routes: every route crossed with every role, each refusal next
// to a positive control (so a route that refuses everyone fails too), and the anonymous and
// CSRF-less caller.

interface RouteSpec {
  name: string;
  method: 'GET' | 'POST';
  prepare: () => Promise<{ path: string; body?: unknown }>;
  ok: number;
  allowed: Role[];
}

let h: Harness;
let author: StaffSession;
let approver: StaffSession;

const newPacket = async () => (await createApprovedPacket(h, { author, approver })).packetId;

const ROUTES: RouteSpec[] = [
  {
    name: 'POST /api/packets/:id/links',
    method: 'POST',
    prepare: async () => ({ path: `/api/packets/${await newPacket()}/links`, body: LINK_BODY }),
    ok: 201,
    allowed: ['lead'],
  },
  {
    name: 'POST /api/links/:id/revoke',
    method: 'POST',
    prepare: async () => ({ path: `/api/links/${(await createLink(h, approver, await newPacket())).linkId}/revoke` }),
    ok: 200,
    allowed: ['lead'],
  },
  {
    name: 'GET /api/provision-records',
    method: 'GET',
    prepare: async () => ({ path: '/api/provision-records' }),
    ok: 200,
    allowed: ['lead', 'auditor'],
  },
  {
    name: 'GET /api/provision-records?format=csv',
    method: 'GET',
    prepare: async () => ({ path: '/api/provision-records?format=csv' }),
    ok: 200,
    allowed: ['lead', 'auditor'],
  },
];

function send(route: RouteSpec, req: { path: string; body?: unknown }, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.baseUrl}${req.path}`, {
    method: route.method,
    headers: req.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  });
}

beforeAll(async () => {
  h = await createHarness();
  author = await staffSession(h, ['moderator']);
  approver = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

describe('sharing routes by role', () => {
  for (const role of ['moderator', 'lead', 'auditor', 'admin'] as Role[]) {
    it(`as ${role}`, async () => {
      const caller = await staffSession(h, [role]);
      for (const route of ROUTES) {
        const req = await route.prepare();
        const res = await send(route, req, caller.session.headers());
        if (route.allowed.includes(role)) {
          expect(res.status, `${role} ${route.name}: ${await res.clone().text()}`).toBe(route.ok);
          await res.arrayBuffer();
        } else await expectError(res, 403, 'forbidden');
      }
    });
  }

  it('nobody signed in, and a lead without the CSRF header', async () => {
    const lead = await staffSession(h, ['lead']);
    for (const route of ROUTES) {
      const req = await route.prepare();
      await expectError(await send(route, req, {}), 401, 'unauthorized');
      if (route.method === 'POST') await expectError(await send(route, req, { cookie: lead.session.cookie }), 403, 'csrf_failed');
    }
  });
});
