import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisclosureExportDto, DisclosureRequestDto, ListDisclosureRequestsResponse, UserEventDto } from '@kura/contracts';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError } from '../../../../test/support/media.ts';
import { shareByFixture } from '../../../../test/support/packets.ts';
import { api, insertFlag, seedItem } from '../../../../test/support/review.ts';
import { grantAccess, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { createApprovedPacket, type ApprovedPacket } from '../../../../test/support/shared-packet.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// Two users who share a creator, an agency, staff who looked at both, and a packet: the export
// for one must hold everything about them and nothing about the other.

let h: Harness;
let lead: StaffSession;
let admin: StaffSession;
let mod: StaffSession;
let packet: ApprovedPacket;
let userA: string;
const userB = 'user-b-other';
let requestA: UserEventDto;
let requestB: UserEventDto;
const secretsOfB: string[] = [];

async function userEvent(body: Record<string, unknown>): Promise<UserEventDto> {
  const res = await fetch(`${h.baseUrl}/v1/ingest/user-events`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as UserEventDto;
}

const userId = async (ref: string) =>
  (await h.ctx.db.selectFrom('platform_users').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()).id;
const callId = async (ref: string) => (await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()).id;

async function report(callRef: string, reporter: string, category: string, note?: string) {
  const res = await fetch(`${h.baseUrl}/v1/ingest/reports`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({ callRef, reporter, category, ...(note ? { note } : {}) }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reviewItemId: string }).reviewItemId;
}

async function decision(callRef: string, itemId: string, outcome: string, rationale: string) {
  await h.ctx.db
    .insertInto('decisions')
    .values({
      review_item_id: itemId,
      call_id: await callId(callRef),
      outcome: outcome as 'warn_user',
      rationale,
      policy_version: 'conduct-v1',
      decided_by: lead.userId,
      decided_at: h.ctx.now(),
    })
    .execute();
}

async function provisionRecord(packetId: string, linkId: string, subjectRef: string) {
  const agency = await h.ctx.db.selectFrom('agencies').select('id').where('ref', '=', packet.agency.ref).executeTakeFirstOrThrow();
  await h.ctx.db
    .insertInto('provision_records')
    .values({
      packet_id: packetId,
      link_id: linkId,
      provided_at: h.ctx.now(),
      recipient_agency_id: agency.id,
      recipient_ref: packet.agency.ref,
      recipient_name: '山田 (事務所法務)',
      subject_type: 'user',
      subject_ref: subjectRef,
      items: `通話 ${packet.callRef} の映像・音声 0:10–0:12（1 クリップ）`,
      basis: 'プライバシーポリシー（所属事務所への提供）',
      privacy_policy_version: '2020-12-18',
      approved_by: packet.approver.userId,
      retain_until: new Date(h.ctx.now().getTime() + 3 * 365 * 86_400_000),
    })
    .execute();
}

beforeAll(async () => {
  h = await createHarness();
  [lead, admin, mod] = await Promise.all([staffSession(h, ['lead']), staffSession(h, ['admin']), staffSession(h, ['moderator'])]);
  packet = await createApprovedPacket(h);
  userA = packet.userRef;

  // A second call of A, and a call of B with the same creator and agency.
  const common = { creatorRef: packet.creatorRef, agencyRef: packet.agency.ref, reports: [] as [] };
  await seedItem(h, { ...common, callRef: 'call-a-2', userRef: userA, recording: true });
  await seedItem(h, { ...common, callRef: 'call-b-1', userRef: userB, recording: true });

  // Reports by and about A; and about B.
  const itemA = await report(packet.callRef, 'user', 'harassment', 'the creator shouted at me');
  await report(packet.callRef, 'creator', 'other', 'asked for my LINE id repeatedly');
  const itemB = await report('call-b-1', 'creator', 'other', 'B-secret-note threatened me');
  secretsOfB.push('B-secret-note');

  // Flags on both users' recordings; decisions on both, one about the creator.
  const recB = await h.ctx.db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .select(['r.id', 'r.sha256'])
    .where('c.ref', '=', 'call-b-1')
    .executeTakeFirstOrThrow();
  await insertFlag(h, { recordingId: recB.id, authorId: mod.userId, category: 'fraud' });
  await decision(packet.callRef, itemA, 'warn_user', 'A-rationale: clear harassment');
  await decision(packet.callRef, itemA, 'warn_creator', 'creator raised voice');
  await decision('call-b-1', itemB, 'ban_user', 'B-rationale-secret');
  secretsOfB.push('B-rationale-secret', recB.id, recB.sha256 ?? 'no-hash');

  // Provision records about both.
  const linkId = await shareByFixture(h, packet.packetId, packet.approver.userId);
  await provisionRecord(packet.packetId, linkId, userA);
  // B's own packet (the same creator and agency), shared too.
  const callB = await h.ctx.db.selectFrom('calls').selectAll().where('ref', '=', 'call-b-1').executeTakeFirstOrThrow();
  const agencyRow = await h.ctx.db.selectFrom('agencies').select('id').where('ref', '=', packet.agency.ref).executeTakeFirstOrThrow();
  const packetB = await h.ctx.db
    .insertInto('packets')
    .values({
      recording_id: recB.id,
      call_id: callB.id,
      agency_id: agencyRow.id,
      creator_id: callB.creator_id,
      user_id: callB.user_id,
      title: 'B packet',
      summary: 'B-summary-secret',
      author_id: mod.userId,
      created_at: h.ctx.now(),
      privacy_policy_version: '2020-12-18',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const linkB = await shareByFixture(h, packetB.id, packet.approver.userId);
  await provisionRecord(packetB.id, linkB, userB);
  secretsOfB.push(packetB.id, 'B-summary-secret');

  // Staff notes about both accounts.
  for (const [ref, body] of [
    [userA, 'A note'],
    [userB, 'B-note-secret'],
  ] as const) {
    await h.ctx.db
      .insertInto('account_notes')
      .values({ account_type: 'user', account_id: await userId(ref), body, author_id: mod.userId, created_at: h.ctx.now() })
      .execute();
  }
  secretsOfB.push('B-note-secret');

  // Staff looked at both users' recordings: A's twice, B's three times, after declaring a purpose.
  await grantAccess(h, mod.session, packet.recordingId);
  for (let i = 0; i < 2; i++) expect((await api(h, mod.session, 'GET', `/api/recordings/${packet.recordingId}`)).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await api(h, mod.session, 'GET', `/api/recordings/${recB.id}`)).status).toBe(200);

  // Requests from both users.
  await userEvent({ userRef: userA, type: 'withdrawal', at: new Date(Date.now() - 3_600_000).toISOString() });
  requestA = await userEvent({ userRef: userA, type: 'disclosure_request', at: new Date().toISOString(), requestRef: 'kaiji-a' });
  requestB = await userEvent({ userRef: userB, type: 'disclosure_request', at: new Date().toISOString(), requestRef: 'kaiji-b-secret' });
  await userEvent({ userRef: userB, type: 'deletion_request', at: new Date().toISOString() });
  secretsOfB.push(userB, 'call-b-1', 'kaiji-b-secret', requestB.id);
});
afterAll(async () => {
  await h?.close();
});

async function produce(s: StaffSession, id: string): Promise<DisclosureExportDto> {
  const res = await api(h, s.session, 'POST', `/api/disclosures/${id}/export`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as DisclosureExportDto;
}

describe('disclosure requests', () => {
  it('lists open requests first, for leads and admins', async () => {
    const res = await api(h, admin.session, 'GET', '/api/disclosures?status=pending');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListDisclosureRequestsResponse;
    expect(body.items.map((i) => [i.userRef, i.requestRef, i.status])).toEqual([
      [userA, 'kaiji-a', 'pending'],
      [userB, 'kaiji-b-secret', 'pending'],
    ]);
    const one = (await (await api(h, lead.session, 'GET', `/api/disclosures/${requestA.id}`)).json()) as DisclosureRequestDto;
    expect(one).toMatchObject({ id: requestA.id, userRef: userA, status: 'pending', resolvedAt: null });
  });

  it('the export holds every item about the user and nothing about the other user', async () => {
    const doc = await produce(lead, requestA.id);
    const text = JSON.stringify(doc);
    for (const secret of secretsOfB) expect(text).not.toContain(secret);

    expect(doc).toMatchObject({ type: 'kura.disclosure_export', version: 1, requestId: requestA.id, requestRef: 'kaiji-a' });
    expect(doc.subject).toEqual({ userRef: userA, minor: false, withdrawnAt: expect.any(String) });
    expect(doc.calls.map((c) => c.ref).sort()).toEqual([packet.callRef, 'call-a-2'].sort());
    expect(doc.calls[0]!.creator.ref).toBe(packet.creatorRef);
    expect(doc.recordings.map((r) => r.callRef).sort()).toEqual([packet.callRef, 'call-a-2'].sort());
    for (const r of doc.recordings)
      expect(r).toMatchObject({ privacyPolicyVersion: '2020-12-18', retentionPolicyVersion: expect.any(String) });

    expect(doc.reports.map((r) => [r.direction, r.reporter, r.category, r.note])).toEqual([
      ['by_user', 'user', 'harassment', 'the creator shouted at me'],
      ['about_user', 'creator', 'other', null],
    ]);
    // The packet's two flags are on A's recording; B's flag is not here.
    expect(doc.flags.map((f) => f.callRef)).toEqual([packet.callRef, packet.callRef]);
    expect(doc.decisions.map((d) => [d.callRef, d.outcome])).toEqual([[packet.callRef, 'warn_user']]);
    expect(text).not.toContain('A-rationale');
    expect(doc.provisionRecords).toEqual([
      {
        providedAt: expect.any(String),
        recipient: { ref: packet.agency.ref, name: expect.any(String) },
        items: expect.stringContaining(packet.callRef),
        basis: expect.any(String),
        privacyPolicyVersion: '2020-12-18',
      },
    ]);
    expect(doc.requests.map((r) => [r.type, r.status])).toEqual([
      ['withdrawal', 'done'],
      ['disclosure_request', 'done'],
    ]);

    // Staff access by role, never by name: the moderator's two looks at A's recording, not B's three.
    expect(text).not.toContain(mod.email);
    expect(text).not.toContain(mod.userId);
    const views = doc.staffAccess.filter((a) => a.action === 'recording.viewed');
    expect(views).toEqual([
      { day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), role: 'moderator', action: 'recording.viewed', purpose: null, count: 2 },
    ]);
    expect(doc.staffAccess.find((a) => a.action === 'grant.created')).toMatchObject({
      role: 'moderator',
      purpose: 'deter_prohibited_conduct',
      count: 1,
    });

    expect(doc.withheld.map((w) => [w.kind, w.exemption]).sort()).toEqual(
      [
        ['account_note', 'business_hindrance'],
        ['decision_about_creator', 'third_party_harm'],
        ['decision_rationale', 'business_hindrance'],
        ['recording_media', 'third_party_harm'],
        ['recording_media', 'third_party_harm'],
        ['report_note', 'third_party_harm'],
        // The fixture's "other" flag carries a note.
        ['flag_note', 'business_hindrance'],
      ].sort(),
    );
    expect(Object.keys(doc.exemptions).sort()).toEqual(['business_hindrance', 'identity_unconfirmed', 'third_party_harm', 'unlawful']);
  });

  it('producing it marks the request done (and the platform sees that) and is audited; producing again is audited again', async () => {
    const row = await h.ctx.db.selectFrom('user_events').selectAll().where('id', '=', requestA.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', resolved_by: lead.userId });
    const status = await fetch(`${h.baseUrl}/v1/ingest/user-events/${requestA.id}`, { headers: bearer() });
    expect(await status.json()).toEqual({ id: requestA.id, type: 'disclosure_request', status: 'done' });

    const again = await produce(admin, requestA.id);
    expect(again.requests.find((r) => r.type === 'disclosure_request')?.status).toBe('done');
    // The first export now shows among the accesses, by role.
    expect(again.staffAccess).toContainEqual(expect.objectContaining({ role: 'lead', action: 'disclosure.exported', count: 1 }));
    expect(
      (await h.ctx.db.selectFrom('user_events').select('resolved_by').where('id', '=', requestA.id).executeTakeFirstOrThrow()).resolved_by,
    ).toBe(lead.userId);
    const events = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'disclosure.exported')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.actor_id, e.subject_type, e.subject_id, e.details.first])).toEqual([
      [lead.userId, 'platform_user', await userId(userA), true],
      [admin.userId, 'platform_user', await userId(userA), false],
    ]);
    expect(events[0]!.details).toMatchObject({
      eventId: requestA.id,
      requestRef: 'kaiji-a',
      counts: { calls: 2, recordings: 2, reports: 2 },
    });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('a refused request cannot be produced; unknown ids and other kinds of event are not found', async () => {
    await h.ctx.db
      .updateTable('user_events')
      .set({ status: 'refused', status_reason: 'identity not confirmed' })
      .where('id', '=', requestB.id)
      .execute();
    await expectError(api(h, lead.session, 'POST', `/api/disclosures/${requestB.id}/export`), 409, 'request_refused');
    await expectError(api(h, lead.session, 'POST', '/api/disclosures/00000000-0000-4000-8000-000000000000/export'), 404, 'not_found');
    await expectError(api(h, lead.session, 'GET', '/api/disclosures/not-a-uuid'), 404, 'not_found');
    const deletion = await h.ctx.db.selectFrom('user_events').select('id').where('type', '=', 'deletion_request').executeTakeFirstOrThrow();
    await expectError(api(h, lead.session, 'GET', `/api/disclosures/${deletion.id}`), 404, 'not_found');
    await expectError(api(h, lead.session, 'GET', '/api/disclosures?status=open'), 400, 'validation_failed');
  });

  it('refuses moderators and auditors (403) and anonymous callers (401), producing nothing', async () => {
    const auditor = await staffSession(h, ['auditor']);
    const before = (await h.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'disclosure.exported').execute()).length;
    for (const s of [mod, auditor]) {
      await expectError(api(h, s.session, 'GET', '/api/disclosures'), 403, 'forbidden');
      await expectError(api(h, s.session, 'GET', `/api/disclosures/${requestA.id}`), 403, 'forbidden');
      await expectError(api(h, s.session, 'POST', `/api/disclosures/${requestA.id}/export`), 403, 'forbidden');
    }
    await expectError(api(h, null, 'GET', '/api/disclosures'), 401, 'unauthorized');
    await expectError(api(h, null, 'POST', `/api/disclosures/${requestA.id}/export`), 401, 'unauthorized');
    expect((await h.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'disclosure.exported').execute()).length).toBe(
      before,
    );
  });
});
