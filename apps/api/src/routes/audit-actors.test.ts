import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogResponse, ListAuditEventsResponse } from '@kura/contracts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { auditRows, seedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { recordAudit } from '../services/audit/audit-log.ts';
import type { Actor } from '../services/audit/events.ts';

// The auditor's page must survive every actor the chain can hold: sign-ins that never
// authenticated, rows written before pre-authentication events had an actor type of their own,
// and staff ids that name nobody (any more).

let h: Harness;
let auditor: StaffSession;
let moderator: StaffSession;
let recordingId: string;

beforeAll(async () => {
  h = await createHarness();
  ({ recordingId } = await seedRecording(h));
  auditor = await staffSession(h, ['auditor']);
  moderator = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

async function auditPage(query = ''): Promise<ListAuditEventsResponse> {
  const res = await fetch(`${h.baseUrl}/api/audit/events${query}`, { headers: auditor.session.headers() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ListAuditEventsResponse;
}

function failedSignIn(email: string): Promise<Response> {
  return fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'wrong password' }),
  });
}

const appendAs = (actor: Actor, subjectId = recordingId) =>
  recordAudit(h.ctx.db, { actor }, { action: 'recording.viewed', subject: { type: 'recording', id: subjectId }, details: {} }, h.ctx.now());

describe('pre-authentication events', () => {
  it('a failed sign-in is written with the anonymous actor type, and the auditor’s default page still loads', async () => {
    expect((await failedSignIn(auditor.email)).status).toBe(401);
    const [row] = (await auditRows(h, 'auth.login_failed')).slice(-1);
    expect(row).toMatchObject({ actor_type: 'anonymous', actor_id: 'anonymous', subject_id: auditor.userId });

    const page = await auditPage();
    const failed = page.items.find((e) => e.action === 'auth.login_failed');
    expect(failed?.actor).toEqual({ type: 'anonymous', id: 'anonymous', email: null, displayName: null });
  });

  it('the filter action=auth.login_failed answers 200', async () => {
    expect((await failedSignIn('nobody@kura.test')).status).toBe(401);
    const page = await auditPage('?action=auth.login_failed');
    expect(page.items.length).toBeGreaterThanOrEqual(2);
    expect(page.items.every((e) => e.actor.type === 'anonymous')).toBe(true);
  });
});

describe('any actor the chain holds', () => {
  it('a legacy staff:anonymous row and a staff id that names nobody show as unknown, not a 500', async () => {
    const legacy = await appendAs({ type: 'staff', id: 'anonymous' });
    const gone = randomUUID();
    const ghost = await appendAs({ type: 'staff', id: gone });
    const odd = await appendAs({ type: 'staff', id: "'); drop table staff_users; --" });
    const real = await appendAs({ type: 'staff', id: moderator.userId });

    const page = await auditPage('?action=recording.viewed&limit=200');
    const bySeq = new Map(page.items.map((e) => [e.seq, e.actor]));
    expect(bySeq.get(legacy)).toEqual({ type: 'staff', id: 'anonymous', email: null, displayName: null });
    expect(bySeq.get(ghost)).toEqual({ type: 'staff', id: gone, email: null, displayName: null });
    expect(bySeq.get(odd)).toMatchObject({ email: null, displayName: null });
    expect(bySeq.get(real)).toMatchObject({ type: 'staff', id: moderator.userId, email: moderator.email });
  });

  it('a recording’s access history survives the same actors', async () => {
    const before = await accessLogOf();
    await appendAs({ type: 'staff', id: 'anonymous' });
    await appendAs({ type: 'anonymous', id: 'anonymous' });
    await appendAs({ type: 'staff', id: randomUUID() });
    const log = await accessLogOf();
    expect(log.items).toHaveLength(before.items.length + 3);
    expect(log.items.filter((e) => e.actor.id === 'anonymous').length).toBe(
      before.items.filter((e) => e.actor.id === 'anonymous').length + 2,
    );
    expect(log.items.every((e) => e.actor.id === moderator.userId || e.actor.email === null)).toBe(true);
  });
});

async function accessLogOf(): Promise<AccessLogResponse> {
  const res = await fetch(`${h.baseUrl}/api/recordings/${recordingId}/access-log`, { headers: moderator.session.headers() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as AccessLogResponse;
}
