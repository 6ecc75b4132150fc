import type { PacketDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { callBody, putCall } from '../../../../test/support/media.ts';
import {
  approve,
  createPacket,
  getPacket,
  packetBody,
  readyPacket,
  seedPacketSource,
  shareByFixture,
  type PacketSource,
} from '../../../../test/support/packets.ts';
import { auditRows, expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { verifySignedDocument } from '../services/signing/signed-document.ts';

// Two people to share (DESIGN.md rule 5) and only the creator's agency (rule 4), at approval:
// who may approve, what a packet involving a minor needs, what happens when the creator moved,
// and taking an approval back before (and not after) a link exists.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;
let lead2: StaffSession;
let source: PacketSource;

beforeAll(async () => {
  h = await createHarness();
  [mod, lead, lead2] = await Promise.all([staffSession(h, ['moderator']), staffSession(h, ['lead']), staffSession(h, ['lead'])]);
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 3, seed: 41 });
});
afterAll(async () => {
  await h?.close();
});

const withdraw = (s: StaffSession, id: string, reason = 'wrong clip range') =>
  callApi(h, s.session, 'POST', `/api/packets/${id}/approval/withdraw`, { reason });

async function packetRow(id: string) {
  return h.ctx.db.selectFrom('packets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function publishedKeys(): Promise<unknown> {
  return (await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`)).json();
}

describe('POST /api/packets/:id/approve', () => {
  it('a lead who is not the author approves: status approved, a signed manifest, audited with the key id', async () => {
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId, [{ startMs: 500, endMs: 2_500 }]));
    const approved = await jsonOf<PacketDetailDto>(await approve(h, lead.session, p.id), 200);
    expect(approved).toMatchObject({ status: 'approved', approvedBy: { id: lead.userId }, approvedAt: expect.any(String) });
    const manifest = approved.manifest!;
    expect(verifySignedDocument(manifest, await publishedKeys(), { type: 'kura.packet-manifest' })).toEqual({
      ok: true,
      keyId: manifest.signature.keyId,
      type: 'kura.packet-manifest',
    });
    expect(manifest.payload).toMatchObject({
      type: 'kura.packet-manifest',
      version: 1,
      packetId: p.id,
      title: p.title,
      agency: p.agency,
      creator: p.creator,
      callRef: source.callRef,
      callStartedAt: '2026-11-20T10:00:00.000Z',
      callEndedAt: '2026-11-20T10:05:00.000Z',
      author: { id: mod.userId },
      approver: { id: lead.userId },
      createdAt: p.createdAt,
      approvedAt: approved.approvedAt,
      privacyPolicy: { version: '2020-12-18', clause: expect.stringContaining('所属事務所に提供することができる') },
      flags: [],
      decision: null,
    });
    // The detail serves the manifest as stored: the same document verifies after a round trip.
    expect((await getPacket(h, lead.session, p.id)).manifest).toEqual(manifest);
    const [event] = (await auditRows(h, 'packet.approved')).filter((e) => e.subject_id === p.id);
    expect(event).toMatchObject({ actor_id: lead.userId, details: { minorConfirmed: false, manifestKeyId: manifest.signature.keyId } });

    await expectError(await approve(h, lead2.session, p.id), 409, 'already_approved');
  });

  it('the author never approves their own packet (403 own_packet); a moderator approves nothing (403)', async () => {
    const own = await readyPacket(h, lead.session, packetBody(source.recordingId));
    await expectError(await approve(h, lead.session, own.id), 403, 'own_packet');
    const other = await readyPacket(h, mod.session, packetBody(source.recordingId));
    await expectError(await approve(h, mod.session, other.id), 403, 'forbidden');
    const modLead = await staffSession(h, ['moderator', 'lead']);
    const theirs = await readyPacket(h, modLead.session, packetBody(source.recordingId));
    await expectError(await approve(h, modLead.session, theirs.id), 403, 'own_packet');
    for (const id of [own.id, other.id, theirs.id])
      expect(await packetRow(id)).toMatchObject({ status: 'ready', approved_by: null, manifest: null });
    // Another lead may.
    expect((await approve(h, lead2.session, own.id)).status).toBe(200);
  });

  it('a packet still being cut, or failed, is not approved', async () => {
    const cutting = await createPacket(h, mod.session, packetBody(source.recordingId));
    await expectError(await approve(h, lead.session, cutting.id), 409, 'packet_not_ready');
    await h.ctx.db
      .updateTable('packets')
      .set({ status: 'failed', failure_reason: 'clip 1: broken' })
      .where('id', '=', cutting.id)
      .execute();
    const err = await expectError(await approve(h, lead.session, cutting.id), 409, 'packet_not_ready');
    expect(err.message).toMatch(/could not be cut/);
  });

  it('a packet involving a minor needs the approving lead’s explicit confirmation', async () => {
    const minor = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 42 });
    await h.ctx.db.updateTable('platform_users').set({ is_minor: true }).where('ref', '=', minor.userRef).execute();
    const p = await readyPacket(h, mod.session, packetBody(minor.recordingId));
    expect(p.involvesMinor).toBe(true);
    for (const body of [{}, { confirmMinor: false }]) {
      await expectError(await approve(h, lead.session, p.id, body), 409, 'minor_confirmation_required');
    }
    expect((await packetRow(p.id)).status).toBe('ready');
    const approved = await jsonOf<PacketDetailDto>(await approve(h, lead.session, p.id, { confirmMinor: true }), 200);
    expect(approved.status).toBe('approved');
    expect(await packetRow(p.id)).toMatchObject({ minor_confirmed: true });
    const [event] = (await auditRows(h, 'packet.approved')).filter((e) => e.subject_id === p.id);
    expect(event!.details).toMatchObject({ minorConfirmed: true });
  });

  it("refuses when the call's creator has since moved to another agency (told through the ingest API)", async () => {
    const moving = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 43 }, { agency: { ref: 'agency-old', name: 'Old Agency' } });
    const p = await readyPacket(h, mod.session, packetBody(moving.recordingId));
    expect(p).toMatchObject({ agency: { ref: 'agency-old' }, recipientChanged: false });
    const later = await putCall(
      h,
      `${moving.callRef}-later`,
      callBody({ creatorRef: moving.creatorRef, userRef: moving.userRef, agencyRef: 'agency-new', agencyName: 'New Agency' }),
    );
    expect(later.status).toBe(201);

    const seen = await getPacket(h, lead.session, p.id);
    expect(seen).toMatchObject({ agency: { ref: 'agency-old', name: 'Old Agency' }, recipientChanged: true });
    const err = await expectError(await approve(h, lead.session, p.id), 409, 'recipient_changed');
    expect(err.message).toMatch(/moved to another agency/);
    expect(await packetRow(p.id)).toMatchObject({ status: 'ready', approved_by: null, manifest: null });

    // Back at the first agency, the packet is theirs again.
    await putCall(
      h,
      `${moving.callRef}-back`,
      callBody({ creatorRef: moving.creatorRef, userRef: moving.userRef, agencyRef: 'agency-old', agencyName: 'Old Agency' }),
    );
    expect((await approve(h, lead.session, p.id)).status).toBe(200);
  });

  it('refuses a packet that cites a flag retracted since it was made', async () => {
    const flag = await jsonOf<{ id: string }>(
      await callApi(h, mod.session, 'POST', `/api/recordings/${source.recordingId}/flags`, {
        category: 'threats_violence',
        severity: 'critical',
        startMs: 0,
        endMs: 1_000,
      }),
      201,
    );
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId, undefined, { flagIds: [flag.id] }));
    await jsonOf(await callApi(h, mod.session, 'POST', `/api/flags/${flag.id}/retract`, { reason: 'misheard' }), 200);
    await expectError(await approve(h, lead.session, p.id), 409, 'flag_retracted');
  });
});

describe('POST /api/packets/:id/approval/withdraw', () => {
  it('takes an approval back before any link: ready again, manifest gone, audited; a new approval signs anew', async () => {
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId));
    await expectError(await withdraw(lead, p.id), 409, 'not_approved');
    const first = await jsonOf<PacketDetailDto>(await approve(h, lead.session, p.id), 200);
    await expectError(await withdraw(mod, p.id), 403, 'forbidden');
    await expectError(await callApi(h, lead.session, 'POST', `/api/packets/${p.id}/approval/withdraw`, {}), 400, 'validation_failed');

    const back = await jsonOf<PacketDetailDto>(await withdraw(lead2, p.id, 'the summary names the wrong date'), 200);
    expect(back).toMatchObject({ status: 'ready', approvedBy: null, approvedAt: null, manifest: null });
    expect(await packetRow(p.id)).toMatchObject({ minor_confirmed: false, manifest: null });
    const [event] = (await auditRows(h, 'packet.approval_withdrawn')).filter((e) => e.subject_id === p.id);
    expect(event).toMatchObject({ actor_id: lead2.userId, details: { reason: 'the summary names the wrong date' } });

    const again = await jsonOf<PacketDetailDto>(await approve(h, lead2.session, p.id), 200);
    expect(again.manifest!.payload.approver.id).toBe(lead2.userId);
    expect(again.manifest!.signature.value).not.toBe(first.manifest!.signature.value);
  });

  it('once a link was made, only revocation is left: 409 already_shared, even if the packet still reads approved', async () => {
    const shared = await readyPacket(h, mod.session, packetBody(source.recordingId));
    await approve(h, lead.session, shared.id);
    await shareByFixture(h, shared.id, lead.userId);
    await expectError(await withdraw(lead, shared.id), 409, 'already_shared');
    expect(await packetRow(shared.id)).toMatchObject({ status: 'shared', approved_by: lead.userId });

    const linked = await readyPacket(h, mod.session, packetBody(source.recordingId));
    await approve(h, lead.session, linked.id);
    await shareByFixture(h, linked.id, lead.userId);
    // A link exists (revoked, say) while the status was never moved on: still refused.
    await h.ctx.db.updateTable('packets').set({ status: 'approved', shared_at: null }).where('id', '=', linked.id).execute();
    await expectError(await withdraw(lead, linked.id), 409, 'already_shared');
    expect((await packetRow(linked.id)).manifest).not.toBeNull();
  });
});
