import { createHash } from 'node:crypto';
import { PROVISION_BASIS, PRIVACY_POLICY_VERSION, type ShareLinkDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY } from '../../../../test/support/shared-packet.ts';

// Staff side of sharing: links are made only for approved packets, by a lead who is not the
// author, for the agency fixed on the packet; the first link makes the packet shared and writes
// the provision records in the same transaction; the token is shown once and kept as a hash.

let h: Harness;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAY = 86_400_000;

describe('POST /api/packets/:id/links', () => {
  it('answers the token once, keeps only its hash, and the first link shares the packet with its provision records', async () => {
    const p = await createApprovedPacket(h, { approver: lead });
    const before = h.ctx.now().getTime();
    const res = await callApi(h, lead.session, 'POST', `/api/packets/${p.packetId}/links`, {
      ...LINK_BODY,
      viewCap: 3,
      passphrase: 'correct horse battery',
    });
    const link = await jsonOf<{ linkId: string; url: string; token: string }>(res, 201);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${h.baseUrl}/share/${link.token}`);

    const row = await h.ctx.db.selectFrom('share_links').selectAll().where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(link.token));
    expect(row.passphrase_hash).toMatch(/^scrypt\$/);
    expect(row.passphrase_hash).not.toContain('correct horse');
    expect(row).toMatchObject({
      packet_id: p.packetId,
      view_cap: 3,
      views: 0,
      allow_download: true,
      created_by: lead.userId,
      revoked_at: null,
    });
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * DAY);
    // The token appears nowhere in the database: not in the link, not in the audit chain.
    const dump = JSON.stringify([await h.ctx.db.selectFrom('share_links').selectAll().execute(), await auditRows(h)]);
    expect(dump).not.toContain(link.token);

    const packet = await h.ctx.db.selectFrom('packets').selectAll().where('id', '=', p.packetId).executeTakeFirstOrThrow();
    expect(packet.status).toBe('shared');
    expect(packet.shared_at!.getTime()).toBeGreaterThanOrEqual(before);
    const clips = await h.ctx.db.selectFrom('packet_clips').select('retain_until').where('packet_id', '=', p.packetId).execute();
    expect(clips).toHaveLength(2);
    for (const c of clips) expect(c.retain_until!.getTime()).toBe(packet.shared_at!.getTime() + 365 * DAY);

    const records = await h.ctx.db
      .selectFrom('provision_records')
      .selectAll()
      .where('packet_id', '=', p.packetId)
      .orderBy('subject_type')
      .execute();
    expect(records.map((r) => [r.subject_type, r.subject_ref])).toEqual([
      ['creator', p.creatorRef],
      ['user', p.userRef],
    ]);
    for (const r of records) {
      expect(r).toMatchObject({
        link_id: link.linkId,
        recipient_ref: 'agency-a',
        recipient_name: 'Agency A',
        basis: PROVISION_BASIS,
        privacy_policy_version: PRIVACY_POLICY_VERSION,
        approved_by: lead.userId,
      });
      expect(r.provided_at.getTime()).toBe(packet.shared_at!.getTime());
      const retain = new Date(r.provided_at);
      retain.setUTCFullYear(retain.getUTCFullYear() + 3);
      expect(r.retain_until.getTime()).toBe(retain.getTime());
      // Which call, which ranges (the audio clip says 音声 only if all are audio), and the notes.
      expect(r.items).toBe(
        `通話 ${p.callRef} の映像・音声 0:10–0:12、1:03–1:06（2 クリップ）、モデレーターのメモ（概要、フラグのメモ 1 件）、違反フラグ 2 件`,
      );
    }

    const events = (await auditRows(h)).filter((e) => e.subject_id === p.packetId);
    expect(events.map((e) => e.action)).toEqual(['link.created', 'provision.recorded']);
    expect(events[0]).toMatchObject({ actor_type: 'staff', actor_id: lead.userId });
    expect(events[0]!.details).toMatchObject({
      linkId: link.linkId,
      viewCap: 3,
      passphrase: true,
      allowDownload: true,
      recipientName: LINK_BODY.recipientName,
    });
    expect(events[1]!.details).toEqual({
      recordIds: expect.arrayContaining(records.map((r) => r.id)),
      agencyRef: 'agency-a',
      subjects: [
        { type: 'user', ref: p.userRef },
        { type: 'creator', ref: p.creatorRef },
      ],
    });
  });

  it('a second link adds no provision records and keeps the first share time', async () => {
    const p = await createApprovedPacket(h);
    const first = await createLink(h, lead, p.packetId);
    const sharedAt = (await h.ctx.db.selectFrom('packets').select('shared_at').where('id', '=', p.packetId).executeTakeFirstOrThrow())
      .shared_at;
    h.advance(60_000);
    const second = await createLink(h, lead, p.packetId, {
      ...LINK_BODY,
      recipientName: '別の担当者',
      allowDownload: false,
      expiresInDays: 30,
    });
    expect(second.token).not.toBe(first.token);
    const records = await h.ctx.db.selectFrom('provision_records').selectAll().where('packet_id', '=', p.packetId).execute();
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.link_id === first.linkId)).toBe(true);
    const after = await h.ctx.db
      .selectFrom('packets')
      .select(['status', 'shared_at'])
      .where('id', '=', p.packetId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'shared', shared_at: sharedAt });
    const actions = (await auditRows(h)).filter((e) => e.subject_id === p.packetId).map((e) => e.action);
    expect(actions).toEqual(['link.created', 'provision.recorded', 'link.created']);
  });

  it('two leads sharing the same packet at once write the provision records once', async () => {
    const p = await createApprovedPacket(h);
    const other = await staffSession(h, ['lead']);
    const [a, b] = await Promise.all([createLink(h, lead, p.packetId), createLink(h, other, p.packetId)]);
    expect(a.linkId).not.toBe(b.linkId);
    const records = await h.ctx.db.selectFrom('provision_records').select('link_id').where('packet_id', '=', p.packetId).execute();
    expect(records).toHaveLength(2);
    expect(new Set(records.map((r) => r.link_id)).size).toBe(1);
  });

  it('refuses a packet that is not approved, a missing one, and a creator who moved agency', async () => {
    const ready = await createApprovedPacket(h, { status: 'ready' });
    await expectError(await callApi(h, lead.session, 'POST', `/api/packets/${ready.packetId}/links`, LINK_BODY), 409, 'not_approved');
    await expectError(
      await callApi(h, lead.session, 'POST', '/api/packets/00000000-0000-4000-8000-000000000000/links', LINK_BODY),
      404,
      'not_found',
    );

    const moved = await createApprovedPacket(h);
    const other = await h.ctx.db
      .insertInto('agencies')
      .values({ ref: 'agency-b', name: 'Agency B', created_at: new Date(), updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.ctx.db.updateTable('creators').set({ agency_id: other.id }).where('ref', '=', moved.creatorRef).execute();
    const err = await expectError(
      await callApi(h, lead.session, 'POST', `/api/packets/${moved.packetId}/links`, LINK_BODY),
      409,
      'recipient_changed',
    );
    expect(err.message).toContain('Agency A');
    // Nothing was shared: no link, no records, the packet still only approved.
    expect(
      await h.ctx.db.selectFrom('share_links').where('packet_id', 'in', [ready.packetId, moved.packetId]).select('id').execute(),
    ).toEqual([]);
    expect(await h.ctx.db.selectFrom('provision_records').where('packet_id', '=', moved.packetId).select('id').execute()).toEqual([]);
    expect((await h.ctx.db.selectFrom('packets').select('status').where('id', '=', moved.packetId).executeTakeFirstOrThrow()).status).toBe(
      'approved',
    );
  });

  it('refuses the author (even a lead), moderators and auditors', async () => {
    const authorLead = await staffSession(h, ['lead']);
    const own = await createApprovedPacket(h, { author: authorLead });
    await expectError(await callApi(h, authorLead.session, 'POST', `/api/packets/${own.packetId}/links`, LINK_BODY), 403, 'forbidden');
    for (const roles of [['moderator'], ['auditor'], ['admin']] as const) {
      const s = await staffSession(h, [...roles]);
      await expectError(await callApi(h, s.session, 'POST', `/api/packets/${own.packetId}/links`, LINK_BODY), 403, 'forbidden');
    }
    await expectError(await callApi(h, null, 'POST', `/api/packets/${own.packetId}/links`, LINK_BODY), 401, 'unauthorized');
    expect(await h.ctx.db.selectFrom('share_links').where('packet_id', '=', own.packetId).select('id').execute()).toEqual([]);
  });

  it('validates the body: expiry 1-30 days, a passphrase of 8+ characters, no recipient field of any kind', async () => {
    const p = await createApprovedPacket(h);
    for (const body of [
      { ...LINK_BODY, expiresInDays: 31 },
      { ...LINK_BODY, expiresInDays: 0 },
      { ...LINK_BODY, passphrase: 'short' },
      { ...LINK_BODY, viewCap: 0 },
      { ...LINK_BODY, recipientName: '' },
      { ...LINK_BODY, agencyId: '00000000-0000-4000-8000-000000000000' },
      { ...LINK_BODY, agencyRef: 'agency-b' },
    ]) {
      await expectError(await callApi(h, lead.session, 'POST', `/api/packets/${p.packetId}/links`, body), 400, 'validation_failed');
    }
    const { expiresInDays: _omitted, ...withoutExpiry } = LINK_BODY;
    const link = await createLink(h, lead, p.packetId, withoutExpiry);
    const row = await h.ctx.db
      .selectFrom('share_links')
      .select(['expires_at', 'created_at'])
      .where('id', '=', link.linkId)
      .executeTakeFirstOrThrow();
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * DAY);
  });

  it('uses the configured public origin in the url', async () => {
    const h2 = await createHarness({ publicUrl: 'https://kura.example.com' });
    try {
      const l = await staffSession(h2, ['lead']);
      const p = await createApprovedPacket(h2, { approver: l });
      const link = await createLink(h2, l, p.packetId);
      expect(link.url).toBe(`https://kura.example.com/share/${link.token}`);
    } finally {
      await h2.close();
    }
  });
});

describe('POST /api/links/:id/revoke', () => {
  it('revokes at once, is audited once, and a second revoke changes nothing', async () => {
    const p = await createApprovedPacket(h);
    const link = await createLink(h, lead, p.packetId);
    const agency = new AgencyClient(h, link.token);
    expect((await agency.startSession()).status).toBe(200);
    expect((await agency.get()).status).toBe(200);

    const other = await staffSession(h, ['lead']);
    const dto = await jsonOf<ShareLinkDto>(await callApi(h, other.session, 'POST', `/api/links/${link.linkId}/revoke`), 200);
    expect(dto).toMatchObject({
      id: link.linkId,
      live: false,
      revokedBy: { id: other.userId },
      createdBy: { id: lead.userId },
      views: 1,
      passphrase: false,
    });
    expect(dto.revokedAt).not.toBeNull();
    await expectError(await agency.get(), 404, 'not_found');

    const again = await jsonOf<ShareLinkDto>(await callApi(h, lead.session, 'POST', `/api/links/${link.linkId}/revoke`), 200);
    expect(again.revokedBy!.id).toBe(other.userId);
    const revocations = (await auditRows(h, 'link.revoked')).filter((e) => e.subject_id === p.packetId);
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({ actor_id: other.userId, details: { linkId: link.linkId } });
  });

  it('refuses everyone but leads, and unknown links', async () => {
    const p = await createApprovedPacket(h);
    const link = await createLink(h, lead, p.packetId);
    for (const roles of [['moderator'], ['auditor'], ['admin']] as const) {
      const s = await staffSession(h, [...roles]);
      await expectError(await callApi(h, s.session, 'POST', `/api/links/${link.linkId}/revoke`), 403, 'forbidden');
    }
    await expectError(await callApi(h, lead.session, 'POST', '/api/links/00000000-0000-4000-8000-000000000000/revoke'), 404, 'not_found');
    await expectError(await callApi(h, lead.session, 'POST', '/api/links/not-a-uuid/revoke'), 404, 'not_found');
    const row = await h.ctx.db.selectFrom('share_links').select('revoked_at').where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
  });
});
