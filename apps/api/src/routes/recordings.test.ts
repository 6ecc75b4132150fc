import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingPoliciesDto } from '@kura/contracts';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  auditRows,
  expectError,
  getMedia,
  grantAccess,
  GRANT_BODY,
  postGrant,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';

// Recording metadata, purpose-bound grants and the access log, over HTTP.

const MINUTE = 60_000;

let h: Harness;
let rec: SeededRecording;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h, { agency: { ref: 'agency-rec', name: 'Agency Rec' } });
  mod = await staffSession(h, ['moderator']);
});
afterAll(async () => {
  await h?.close();
});

const get = (path: string, s: StaffSession) => fetch(`${h.baseUrl}${path}`, { headers: s.session.headers() });

interface Detail {
  id: string;
  bytes: number;
  mediaUrl: string;
  activeGrant: { id: string; purpose: string; reference: string; expiresAt: string } | null;
  policies: RecordingPoliciesDto;
}
const detail = async (s: StaffSession, id = rec.recordingId) => {
  const res = await get(`/api/recordings/${id}`, s);
  expect(res.status).toBe(200);
  return (await res.json()) as Detail;
};

describe('POST /api/recordings/:id/access', () => {
  it('creates a grant for 30 minutes from now, with its grant.created event in the chain', async () => {
    const s = await staffSession(h, ['lead']);
    const before = h.ctx.now().getTime();
    const res = await postGrant(h, s.session, rec.recordingId, { purpose: 'deter_crime', reference: '  CASE-77  ' });
    const after = h.ctx.now().getTime();
    expect(res.status).toBe(201);
    const { grant } = (await res.json()) as {
      grant: { id: string; purpose: string; reference: string; createdAt: string; expiresAt: string };
    };
    expect(grant).toMatchObject({ id: expect.any(String), purpose: 'deter_crime', reference: 'CASE-77' });
    const created = Date.parse(grant.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);
    expect(Date.parse(grant.expiresAt) - created).toBe(30 * MINUTE);

    const row = await h.ctx.db.selectFrom('access_grants').selectAll().where('id', '=', grant.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ staff_user_id: s.userId, recording_id: rec.recordingId, purpose: 'deter_crime', reference: 'CASE-77' });
    const event = (await auditRows(h, 'grant.created')).find((e) => (e.details as { grantId?: string }).grantId === grant.id);
    expect(event).toMatchObject({ actor_id: s.userId, subject_id: rec.recordingId, purpose: 'deter_crime' });
    expect(event!.details).toEqual({ grantId: grant.id, reference: 'CASE-77', expiresAt: grant.expiresAt });
  });

  const invalid: [string, unknown][] = [
    ['missing purpose', { reference: 'CASE-1' }],
    ['unknown purpose', { purpose: 'curiosity', reference: 'CASE-1' }],
    ['missing reference', { purpose: 'deter_crime' }],
    ['empty reference', { purpose: 'deter_crime', reference: '' }],
    ['blank reference', { purpose: 'deter_crime', reference: '   ' }],
    ['over-long reference', { purpose: 'deter_crime', reference: 'x'.repeat(201) }],
    ['a NUL in the reference', { purpose: 'deter_crime', reference: 'CASE\u00001' }],
    ['a lone surrogate in the reference', { purpose: 'deter_crime', reference: 'CASE-\ud800' }],
    ['an extra field', { ...GRANT_BODY, minutes: 600 }],
    ['not an object', ['deter_crime']],
  ];

  it.each(invalid)('%s → 400 validation_failed and no grant', async (_name, body) => {
    const s = await staffSession(h, ['moderator']);
    await expectError(await postGrant(h, s.session, rec.recordingId, body), 400, 'validation_failed');
    expect(await h.ctx.db.selectFrom('access_grants').select('id').where('staff_user_id', '=', s.userId).execute()).toHaveLength(0);
    expect((await detail(s)).activeGrant).toBeNull();
  });

  it('refuses a body that is not JSON (400) or not declared as JSON (415)', async () => {
    const url = `${h.baseUrl}/api/recordings/${rec.recordingId}/access`;
    await expectError(
      await fetch(url, { method: 'POST', headers: mod.session.headers({ 'content-type': 'application/json' }), body: '{' }),
      400,
      'bad_json',
    );
    await expectError(
      await fetch(url, {
        method: 'POST',
        headers: mod.session.headers({ 'content-type': 'text/plain' }),
        body: JSON.stringify(GRANT_BODY),
      }),
      415,
      'unsupported_media_type',
    );
  });
});

describe('unknown and malformed recording ids', () => {
  const routes: [string, string][] = [
    ['GET', ''],
    ['POST', '/access'],
    ['GET', '/access-log'],
    ['GET', '/media'],
    ['GET', '/thumbnails'],
  ];
  it.each([randomUUID(), 'not-a-uuid', '1', "x'or'1'='1"])('%s → 404 JSON on every recording route', async (id) => {
    for (const [method, suffix] of routes) {
      const res = await fetch(`${h.baseUrl}/api/recordings/${encodeURIComponent(id)}${suffix}`, {
        method,
        headers: mod.session.headers({ 'content-type': 'application/json' }),
        ...(method === 'POST' ? { body: JSON.stringify(GRANT_BODY) } : {}),
      });
      await expectError(res, 404, 'not_found');
    }
  });

  it('a recording still uploading does not exist for staff', async () => {
    const id = randomUUID();
    const { sql } = await import('kysely');
    await sql`insert into recordings (id, call_id, state, object_key, content_type, wrapped_dek, kek_id, segment_log2, krv1_header, policy_version)
      select ${id}::uuid, call_id, 'uploading', 'recordings/x', content_type, wrapped_dek, kek_id, segment_log2, krv1_header, policy_version
      from recordings where id = ${rec.recordingId}`.execute(h.ctx.db);
    await expectError(await get(`/api/recordings/${id}`, mod), 404, 'not_found');
    await expectError(await postGrant(h, mod.session, id), 404, 'not_found');
    await h.ctx.db.deleteFrom('recordings').where('id', '=', id).execute();
  });
});

describe('GET /api/recordings and /:id', () => {
  it('lists the recording and logs the look', async () => {
    const res = await get('/api/recordings?agency=agency-rec', mod);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; callRef: string; agency: { ref: string } }[] };
    expect(body.items.map((i) => i.id)).toEqual([rec.recordingId]);
    expect(body.items[0]).toMatchObject({ callRef: rec.callRef, agency: { ref: 'agency-rec' } });
    const listed = (await auditRows(h, 'recordings.listed')).at(-1);
    expect(listed).toMatchObject({ actor_id: mod.userId, request_id: res.headers.get('x-request-id') });
    expect(listed!.details).toMatchObject({ filters: { agency: 'agency-rec' }, count: 1 });
  });

  it("the agency filter follows the creator's current agency: a creator moved, a call given to another creator", async () => {
    const [first, second, third] = ['first', 'second', 'third'].map((n) => `agency-${n}-${randomUUID().slice(0, 8)}`) as [
      string,
      string,
      string,
    ];
    const a = await seedRecording(h, { agency: { ref: first, name: 'First' } });
    const b = await seedRecording(h, { agency: { ref: first, name: 'First' } });
    const ids = async (agency: string) => {
      const res = await get(`/api/recordings?agency=${agency}`, mod);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string }[] }).items.map((i) => i.id).sort();
    };
    const putCall = async (callRef: string, creatorRef: string, agency: string) => {
      const res = await fetch(`${h.baseUrl}/v1/ingest/calls/${callRef}`, {
        method: 'PUT',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({
          creator: { ref: creatorRef, name: 'Creator', agency: { ref: agency, name: agency } },
          user: { ref: `user-${callRef}` },
          startedAt: '2026-11-20T10:00:00+09:00',
          endedAt: '2026-11-20T10:05:00+09:00',
        }),
      });
      expect(res.status).toBeLessThan(300);
    };
    expect(await ids(first)).toEqual([a.recordingId, b.recordingId].sort());

    // Another call of a's creator arrives under a second agency: the creator moved, and their
    // recordings with them (as packets follow the current agency).
    await putCall(`call-${randomUUID()}`, `creator-${a.callRef}`, second);
    expect(await ids(first)).toEqual([b.recordingId]);
    expect(await ids(second)).toEqual([a.recordingId]);

    // b's call is re-sent with another creator, of a third agency: that recording alone moves.
    await putCall(b.callRef, `creator-${third}`, third);
    expect(await ids(first)).toEqual([]);
    expect(await ids(third)).toEqual([b.recordingId]);

    // Whatever wrote them, every call's copy is its creator's agency.
    const stale = await h.ctx.db
      .selectFrom('calls as c')
      .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
      .select('c.id')
      .whereRef('c.agency_id', '<>', 'cr.agency_id')
      .execute();
    expect(stale).toEqual([]);
  });

  it('answers a bad filter with 400, not 500', async () => {
    await expectError(await get('/api/recordings?state=uploading', mod), 400, 'validation_failed');
    await expectError(await get('/api/recordings?limit=0', mod), 400, 'validation_failed');
    await expectError(await get('/api/recordings?cursor=bogus', mod), 400, 'bad_cursor');
    await expectError(await get('/api/recordings?q=a%00b', mod), 400, 'validation_failed');
  });

  it('shows activeGrant only to the grant holder, and only while it lasts', async () => {
    const holder = await staffSession(h, ['moderator']);
    const other = await staffSession(h, ['moderator']);
    const auditor = await staffSession(h, ['auditor']);
    expect((await detail(holder)).activeGrant).toBeNull();
    const grant = await grantAccess(h, holder.session, rec.recordingId);
    const d = await detail(holder);
    expect(d).toMatchObject({ id: rec.recordingId, bytes: rec.bytes.length, mediaUrl: `/api/recordings/${rec.recordingId}/media` });
    expect(d.activeGrant).toEqual(grant);
    expect((await detail(other)).activeGrant).toBeNull();
    expect((await detail(auditor)).activeGrant).toBeNull();
    const viewed = (await auditRows(h, 'recording.viewed')).filter((e) => e.actor_id === holder.userId);
    expect(viewed).toHaveLength(2);

    h.advance(29 * MINUTE);
    expect((await detail(holder)).activeGrant).toEqual(grant);
    h.advance(2 * MINUTE);
    expect((await detail(holder)).activeGrant).toBeNull();
  });

  it('shows the privacy-policy version in force when the recording was made, beside the retention policy', async () => {
    const s = await staffSession(h, ['moderator']);
    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', rec.recordingId).executeTakeFirstOrThrow();
    expect((await detail(s)).policies).toEqual({
      privacyPolicyVersion: '2020-12-18',
      retentionPolicyVersion: row.policy_version,
      retainUntil: row.retain_until!.toISOString(),
      retentionReason: 'unflagged',
    });
    // A recording made under a later policy keeps that policy's version.
    await h.ctx.db.updateTable('recordings').set({ privacy_policy_version: '2027-04-01' }).where('id', '=', rec.recordingId).execute();
    expect((await detail(s)).policies.privacyPolicyVersion).toBe('2027-04-01');
    await h.ctx.db.updateTable('recordings').set({ privacy_policy_version: '2020-12-18' }).where('id', '=', rec.recordingId).execute();
  });
});

describe('GET /api/recordings/:id/access-log', () => {
  it('lists grants and media reads, newest first, with actor email, purpose, reference and range', async () => {
    const fresh = await seedRecording(h, { bytes: Buffer.alloc(70_000, 7) });
    const a = await staffSession(h, ['moderator']);
    const b = await staffSession(h, ['lead']);
    const auditor = await staffSession(h, ['auditor']);
    await grantAccess(h, a.session, fresh.recordingId, { purpose: 'deter_tort', reference: 'CASE-A' });
    await (await getMedia(h, a.session, fresh.recordingId, 'bytes=65530-65540')).arrayBuffer();
    await grantAccess(h, b.session, fresh.recordingId, { purpose: 'prevent_damage_spread', reference: 'CASE-B' });
    await (await getMedia(h, b.session, fresh.recordingId)).arrayBuffer();
    await detail(auditor, fresh.recordingId);

    const res = await get(`/api/recordings/${fresh.recordingId}/access-log`, auditor);
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as {
      items: {
        seq: number;
        action: string;
        actor: { email: string | null };
        purpose: string | null;
        reference: string | null;
        range: unknown;
      }[];
    };
    expect(
      items.map(({ action, actor, purpose, reference, range }) => ({ action, email: actor.email, purpose, reference, range })),
    ).toEqual([
      { action: 'recording.viewed', email: auditor.email, purpose: null, reference: null, range: null },
      { action: 'media.read', email: b.email, purpose: 'prevent_damage_spread', reference: 'CASE-B', range: { start: 0, end: 69_999 } },
      { action: 'grant.created', email: b.email, purpose: 'prevent_damage_spread', reference: 'CASE-B', range: null },
      { action: 'media.read', email: a.email, purpose: 'deter_tort', reference: 'CASE-A', range: { start: 65_530, end: 65_540 } },
      { action: 'grant.created', email: a.email, purpose: 'deter_tort', reference: 'CASE-A', range: null },
    ]);
    const seqs = items.map((i) => i.seq);
    expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
    // Another recording's log does not mix these in.
    const { items: otherItems } = (await (await get(`/api/recordings/${rec.recordingId}/access-log`, auditor)).json()) as {
      items: { reference: string | null }[];
    };
    expect(otherItems.some((i) => i.reference === 'CASE-A' || i.reference === 'CASE-B')).toBe(false);
  });
});
