import { randomUUID } from 'node:crypto';
import type { CustodyResponse } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { sha256 } from '../../../../test/support/media.ts';
import { packetBody, readyPacket, seedPacketSource, shareByFixture, type PacketSource } from '../../../../test/support/packets.ts';
import {
  auditRows,
  expectError,
  grantAccess,
  staffSession,
  type StaffSession,
  whileAuditRefused,
} from '../../../../test/support/seed-recording.ts';
import { recordAudit } from '../services/audit/audit-log.ts';

// A packet's clips as staff see them before sharing (preview under a grant, ranges, audit first)
// and the packet's chain of custody. Making, listing and reading packets: packets.test.ts.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;
let source: PacketSource;

beforeAll(async () => {
  h = await createHarness();
  [mod, lead] = await Promise.all([staffSession(h, ['moderator']), staffSession(h, ['lead'])]);
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 4, seed: 31 });
});
afterAll(async () => {
  await h?.close();
});

describe('clip preview and custody', () => {
  it('a clip needs a live grant on its recording; ranges are served exactly and recorded before the bytes', async () => {
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId, [{ startMs: 0, endMs: 2_000 }]));
    const clip = p.clips[0]!;
    await expectError(await callApi(h, lead.session, 'GET', clip.mediaUrl!), 403, 'grant_required');
    const grant = await grantAccess(h, lead.session, source.recordingId);

    const whole = await callApi(h, lead.session, 'GET', clip.mediaUrl!);
    expect(whole.status).toBe(200);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(sha256(bytes)).toBe(clip.sha256);

    const ranged = await fetch(`${h.baseUrl}${clip.mediaUrl}`, { headers: lead.session.headers({ range: 'bytes=100-199' }) });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const unsatisfiable = await fetch(`${h.baseUrl}${clip.mediaUrl}`, {
      headers: lead.session.headers({ range: `bytes=${bytes.length}-` }),
    });
    await expectError(unsatisfiable, 416, 'range_not_satisfiable');
    const head = await fetch(`${h.baseUrl}${clip.mediaUrl}`, { method: 'HEAD', headers: lead.session.headers() });
    expect(head.status).toBe(200);

    const reads = (await auditRows(h, 'packet.clip_read')).filter((e) => e.actor_id === lead.userId);
    expect(reads.map((e) => ({ subject: [e.subject_type, e.subject_id], purpose: e.purpose, details: e.details }))).toEqual([
      {
        subject: ['recording', source.recordingId],
        purpose: grant.purpose,
        details: {
          packetId: p.id,
          clipId: clip.id,
          grantId: grant.id,
          reference: grant.reference,
          range: { start: 0, end: bytes.length - 1 },
          bytes: bytes.length,
        },
      },
      {
        subject: ['recording', source.recordingId],
        purpose: grant.purpose,
        details: {
          packetId: p.id,
          clipId: clip.id,
          grantId: grant.id,
          reference: grant.reference,
          range: { start: 100, end: 199 },
          bytes: 100,
        },
      },
    ]);

    // Another packet's clip under this packet's id, and ids that name nothing: all 404.
    const other = await readyPacket(h, mod.session, packetBody(source.recordingId));
    for (const path of [
      `/api/packets/${p.id}/clips/${other.clips[0]!.id}/media`,
      `/api/packets/${randomUUID()}/clips/${clip.id}/media`,
      `/api/packets/${p.id}/clips/nope/media`,
    ]) {
      await expectError(await callApi(h, lead.session, 'GET', path), 404, 'not_found');
    }
    // The audit chain is required: without it, nothing is served (nor the packet shown).
    await whileAuditRefused(h, async () => {
      const res = await callApi(h, lead.session, 'GET', clip.mediaUrl!);
      expect(res.headers.get('content-type')).not.toBe(clip.contentType);
      await expectError(res, 503, 'audit_unavailable');
      await expectError(await callApi(h, lead.session, 'GET', `/api/packets/${p.id}`), 503, 'audit_unavailable');
    });
  });

  it("the custody trail: the packet's events and the reads of its clips (staff and agency), oldest first; other packets' reads left out", async () => {
    const auditor = await staffSession(h, ['auditor']);
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId));
    const other = await readyPacket(h, mod.session, packetBody(source.recordingId));
    await grantAccess(h, mod.session, source.recordingId);
    for (const packet of [p, other]) expect((await callApi(h, mod.session, 'GET', packet.clips[0]!.mediaUrl!)).status).toBe(200);
    const linkId = await shareByFixture(h, p.id, lead.userId);
    await recordAudit(
      h.ctx.db,
      { actor: { type: 'agency', id: linkId } },
      {
        action: 'share.clip_read',
        subject: { type: 'recording', id: source.recordingId },
        details: { packetId: p.id, clipId: p.clips[0]!.id, linkId, range: null, bytes: 10 },
      },
      h.ctx.now(),
    );

    const trail = await jsonOf<CustodyResponse>(await callApi(h, auditor.session, 'GET', `/api/packets/${p.id}/custody`), 200);
    expect(trail.items.map((e) => e.action)).toEqual([
      'packet.created',
      'packet.clip_ready',
      'packet.viewed',
      'packet.clip_read',
      'share.clip_read',
    ]);
    expect(trail.items.map((e) => e.seq)).toEqual([...trail.items.map((e) => e.seq)].sort((x, y) => x - y));
    expect(trail.items[0]!.actor).toEqual({ type: 'staff', id: mod.userId, displayName: expect.any(String) });
    expect(trail.items[1]!.actor).toEqual({ type: 'system', id: 'packet-worker', displayName: null });
    expect(trail.items[4]!).toMatchObject({
      actor: { type: 'agency', id: linkId, displayName: '山田 (事務所法務)' },
      details: { packetId: p.id },
    });
    const read = (await auditRows(h, 'audit.read')).filter((e) => e.actor_id === auditor.userId);
    expect(read.map((e) => e.details)).toEqual([{ filters: { packetId: p.id }, count: 5 }]);
    await expectError(await callApi(h, auditor.session, 'GET', `/api/packets/${randomUUID()}/custody`), 404, 'not_found');
  });
});
