import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callBody } from '../../../../test/support/media.ts';
import { staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';

// The request id goes into every audit row. A client may propose one (so the call platform can
// correlate), but only a short token of safe characters is kept; anything else is replaced.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
let moderator: StaffSession;
beforeAll(async () => {
  h = await createHarness();
  moderator = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

const BAD = [
  '..',
  '........',
  '../../../etc/passwd',
  '.hidden-request-id',
  '-leading-dash-id',
  '_leading-underscore',
  'double..dots-inside',
  'a'.repeat(65),
  'x'.repeat(4000),
  'has a space inside',
  'semi;colon;12345',
  'quote"d-request-id',
  'id-with-\u00fc-umlaut',
  'short',
];
const GOOD = ['platform-req-0001', 'A1b2C3d4.e5_f6-g7', 'a'.repeat(64), '0123456789abcdef'];

type Sender = (id: string) => Promise<Response>;

const senders: Record<string, Sender> = {
  'ingest PUT call': (id) =>
    fetch(`${h.baseUrl}/v1/ingest/calls/call-reqid`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'application/json', 'x-request-id': id },
      body: JSON.stringify(callBody()),
    }),
  'failed sign-in': (id) =>
    fetch(`${h.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': id },
      body: JSON.stringify({ email: `nobody-${Math.random()}@kura.test`, password: 'wrong' }),
    }),
  'staff read': (id) => fetch(`${h.baseUrl}/api/recordings`, { headers: moderator.session.headers({ 'x-request-id': id }) }),
};

async function lastAuditRequestId(): Promise<string | null> {
  const row = await h.ctx.db.selectFrom('audit_events').select('request_id').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  return row.request_id;
}

describe('X-Request-Id', () => {
  it.each(Object.keys(senders))('%s: an unsafe id never reaches the response or audit_events.request_id', async (name) => {
    for (const bad of BAD) {
      const res = await senders[name]!(bad);
      await res.arrayBuffer();
      const used = res.headers.get('x-request-id')!;
      expect(used, JSON.stringify(bad)).toMatch(UUID);
      expect(await lastAuditRequestId(), JSON.stringify(bad)).toBe(used);
    }
    const stored = await h.ctx.db.selectFrom('audit_events').select('request_id').execute();
    for (const bad of BAD) expect(stored.map((r) => r.request_id)).not.toContain(bad);
  });

  it.each(Object.keys(senders))('%s: a safe id is kept end to end', async (name) => {
    for (const good of GOOD) {
      const res = await senders[name]!(good);
      await res.arrayBuffer();
      expect(res.headers.get('x-request-id')).toBe(good);
      expect(await lastAuditRequestId()).toBe(good);
    }
  });
});
