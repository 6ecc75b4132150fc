import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Role } from '@kura/db';
import pg from 'pg';
import { expect } from 'vitest';
import { generateDemoMedia } from '../../apps/api/src/demo/media/generate.ts';
import { jobHandlers } from '../../apps/api/src/jobs/catalogue.ts';
import { Worker } from '../../apps/api/src/jobs/worker.ts';
import { bearer, type Harness } from './harness.ts';
import { createStaff, signIn, type SignedIn, type TestStaff } from './staff.ts';

export interface SeededRecording {
  recordingId: string;
  callRef: string;
  bytes: Buffer;
  contentType: string;
}

export interface SeedOptions {
  bytes?: Buffer;
  contentType?: string;
  callRef?: string;
  agency?: { ref: string; name: string };
}

/** A call and its recording, ingested through the real ingest API as the call platform does. */
export async function seedRecording(h: Harness, opts: SeedOptions = {}): Promise<SeededRecording> {
  const callRef = opts.callRef ?? `call-${randomBytes(5).toString('hex')}`;
  const bytes = opts.bytes ?? randomBytes(300 * 1024 + 123);
  const contentType = opts.contentType ?? 'video/mp4';
  const agency = opts.agency ?? { ref: 'agency-a', name: 'Agency A' };
  const call = await fetch(`${h.baseUrl}/v1/ingest/calls/${callRef}`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({
      creator: { ref: `creator-${callRef}`, name: 'Creator', agency },
      user: { ref: `user-${callRef}` },
      startedAt: '2026-11-20T10:00:00+09:00',
      endedAt: '2026-11-20T10:05:00+09:00',
    }),
  });
  if (call.status !== 201) throw new Error(`PUT call: ${call.status} ${await call.text()}`);
  const rec = await fetch(`${h.baseUrl}/v1/ingest/calls/${callRef}/recording`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': contentType },
    body: bytes,
  });
  if (rec.status !== 201) throw new Error(`PUT recording: ${rec.status} ${await rec.text()}`);
  const { recordingId } = (await rec.json()) as { recordingId: string };
  return { recordingId, callRef, bytes, contentType };
}

/** A real 3-second MP4, ingested and processed (so it has thumbnails). */
export async function seedProcessedRecording(h: Harness): Promise<SeededRecording> {
  const media = generateDemoMedia({ kind: 'mp4', seconds: 3, seed: 1 });
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  const seeded = await seedRecording(h, { bytes, contentType: media.contentType });
  await new Worker(h.ctx, { handlers: jobHandlers }).drain();
  return seeded;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface StaffSession extends TestStaff {
  session: SignedIn;
}

/** A new staff member with these roles, signed in over HTTP. */
export async function staffSession(h: Harness, roles: Role[]): Promise<StaffSession> {
  const staff = await createStaff(h, roles);
  return { ...staff, session: await signIn(h, staff.email, staff.password) };
}

export const GRANT_BODY = { purpose: 'deter_prohibited_conduct', reference: 'CASE-2026-001' } as const;

export function postGrant(h: Harness, s: SignedIn, recordingId: string, body: unknown = GRANT_BODY): Promise<Response> {
  return fetch(`${h.baseUrl}/api/recordings/${recordingId}/access`, {
    method: 'POST',
    headers: s.headers({ 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
}

/** Declares the default purpose; throws unless the grant is created. */
export async function grantAccess(h: Harness, s: SignedIn, recordingId: string, body: unknown = GRANT_BODY) {
  const res = await postGrant(h, s, recordingId, body);
  if (res.status !== 201) throw new Error(`grant: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { grant: { id: string; purpose: string; reference: string; createdAt: string; expiresAt: string } }).grant;
}

export function getMedia(h: Harness, s: SignedIn | null, recordingId: string, range?: string): Promise<Response> {
  const headers: Record<string, string> = s ? s.headers() : {};
  if (range !== undefined) headers.range = range;
  return fetch(`${h.baseUrl}/api/recordings/${recordingId}/media`, { headers });
}

/** Asserts the JSON error shape of DESIGN.md rule 8 and returns the body. */
export async function expectError(res: Response, status: number, code: string) {
  const text = await res.text();
  expect({ status: res.status, body: text.slice(0, 300) }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
  return body.error;
}

/** A superuser connection to the harness's database, for what the app itself may not do. */
export async function asSuperuser<T>(h: Harness, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: h.dbUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `body` while the audit store refuses every new event (or only events of `action`), as a
 * failing audit database would; the refusal is lifted afterwards whatever happens.
 */
export async function whileAuditRefused<T>(h: Harness, body: () => Promise<T>, action?: string): Promise<T> {
  const fn = `kura_test_refuse_${randomBytes(4).toString('hex')}`;
  const when = action === undefined ? 'true' : `new.action = '${action.replace(/'/g, "''")}'`;
  await asSuperuser(h, async (c) => {
    await c.query(`create function ${fn}() returns trigger language plpgsql as $$
      begin if ${when} then raise exception 'audit refused by test'; end if; return new; end $$`);
    await c.query(`create trigger ${fn} before insert on audit_events for each row execute function ${fn}()`);
  });
  try {
    return await body();
  } finally {
    await asSuperuser(h, async (c) => {
      await c.query(`drop trigger if exists ${fn} on audit_events`);
      await c.query(`drop function if exists ${fn}()`);
    });
  }
}

/** Runs SQL on audit_events with the append-only trigger off (tampering, as an attacker would). */
export function tamperAudit(h: Harness, statement: string, params: unknown[] = []): Promise<void> {
  return asSuperuser(h, async (c) => {
    await c.query('begin');
    await c.query('alter table audit_events disable trigger audit_events_append_only');
    await c.query(statement, params);
    await c.query('alter table audit_events enable trigger audit_events_append_only');
    await c.query('commit');
  });
}

export async function auditRows(h: Harness, action?: string) {
  let q = h.ctx.db.selectFrom('audit_events').selectAll().orderBy('seq');
  if (action) q = q.where('action', '=', action);
  return q.execute();
}
