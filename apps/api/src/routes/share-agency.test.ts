import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { SHARE_SESSION_MINUTES, type AccessLogResponse, type SharedPacketDto, type SignedManifest } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession, type StaffSession, whileAuditRefused } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY, type ApprovedPacket } from '../../../../test/support/shared-packet.ts';
import { verifySignedDocument } from '../services/signing/signed-document.ts';

// The agency's side of a share link: a session first, then the packet, its clips by Range, the
// manifest and replies. Every request re-checks the link and the session; every refusal an
// outsider can meet looks the same; every access is in the audit chain before any byte.
// A clip destroyed by retention: share-agency-retention.test.ts.

let h: Harness;
let lead: StaffSession;
let consoleDir: string;

beforeAll(async () => {
  consoleDir = await mkdtemp(path.join(os.tmpdir(), 'kura-console-'));
  await writeFile(path.join(consoleDir, 'index.html'), '<!doctype html><title>Kura</title>');
  await writeFile(path.join(consoleDir, 'share.html'), '<!doctype html><title>Kura share</title>');
  h = await createHarness({}, { consoleDir });
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
  if (consoleDir) await rm(consoleDir, { recursive: true, force: true });
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function shared(
  linkBody: object = LINK_BODY,
): Promise<{ p: ApprovedPacket; link: { linkId: string; token: string }; agency: AgencyClient }> {
  const p = await createApprovedPacket(h);
  const link = await createLink(h, lead, p.packetId, linkBody);
  return { p, link, agency: new AgencyClient(h, link.token) };
}

/** The refusal body with its request id taken out: what must be identical across causes. */
async function refusal(res: Response): Promise<unknown> {
  const err = await expectError(res, 404, 'not_found');
  const { requestId: _id, ...rest } = err;
  return { rest, type: res.headers.get('content-type') };
}

describe('an agency reviewer on a link', () => {
  it('starts a session, sees the packet as approved, plays clips by range, downloads, reads the manifest and replies: each audited', async () => {
    const { p, link, agency } = await shared();
    const seqBefore = (await auditRows(h)).at(-1)!.seq;

    // Without a session: told to start one (this is a real link, so not a 404).
    const first = await expectError(await agency.get(), 401, 'session_required');
    expect(first).toMatchObject({ details: { passphraseRequired: false } });

    const started = await agency.startSession();
    expect(started.status).toBe(200);
    const { expiresAt } = (await started.json()) as { expiresAt: string };
    expect(Date.parse(expiresAt) - h.ctx.now().getTime()).toBeLessThanOrEqual(SHARE_SESSION_MINUTES * 60_000);
    const cookie = started.headers.getSetCookie().find((c) => c.startsWith('kura_share='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toContain(`Path=/v1/share/${link.token}`);
    expect(cookie).not.toMatch(/Secure/i);
    // Only the credential's hash is stored.
    const credential = agency.cookie!.slice('kura_share='.length);
    const session = await h.ctx.db.selectFrom('share_sessions').selectAll().where('link_id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(session.token_hash).toBe(createHash('sha256').update(credential).digest('hex'));

    const view = await jsonOf<SharedPacketDto>(await agency.get(), 200);
    expect(view.packet).toMatchObject({ title: '通話中の迷惑行為', agency: p.agency, callRef: p.callRef });
    expect(view.packet.summary).toContain('暴言');
    expect(view.packet.clips.map((c) => ({ id: c.id, sha256: c.sha256, bytes: c.bytes }))).toEqual(
      p.clips.map((c) => ({ id: c.id, sha256: c.sha256, bytes: c.bytes.length })),
    );
    expect(view.packet.flags).toHaveLength(2);
    expect(view.link).toMatchObject({ recipientName: LINK_BODY.recipientName, allowDownload: true, viewsLeft: null });
    // No staff names, no user reference: only what the packet is.
    const text = JSON.stringify(view);
    expect(text).not.toContain(p.userRef);
    expect(text).not.toContain(p.author.email);
    expect(text).not.toContain(lead.email);

    const clip = p.clips[0]!;
    const part = await agency.get(`/clips/${clip.id}`, { range: 'bytes=100-20099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-20099/${clip.bytes.length}`);
    expect(part.headers.get('content-type')).toBe(clip.contentType);
    expect(part.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await part.arrayBuffer()).equals(clip.bytes.subarray(100, 20_100))).toBe(true);

    const whole = await agency.get(`/clips/${p.clips[1]!.id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-disposition')).toBeNull();
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(p.clips[1]!.sha256);

    const download = await agency.get(`/clips/${clip.id}?download=1`, { range: 'bytes=0-9' });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${clip.id}.mp4"`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(clip.sha256);

    const manifestRes = await agency.get('/manifest');
    expect(manifestRes.status).toBe(200);
    expect(manifestRes.headers.get('content-disposition')).toBe(`attachment; filename="kura-manifest-${p.packetId}.json"`);
    const manifest = (await manifestRes.json()) as SignedManifest;
    const keys = await (await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`)).json();
    expect(verifySignedDocument(manifest, keys, { type: 'kura.packet-manifest' })).toMatchObject({ ok: true });
    expect(manifest.payload.clips.map((c) => c.sha256)).toEqual(p.clips.map((c) => c.sha256));

    const reply = await jsonOf<{ id: string; acknowledged: boolean }>(
      await agency.request('POST', '/replies', { body: { body: '確認しました。本人に事情を聞きます。', acknowledge: true } }),
      201,
    );
    expect(reply.acknowledged).toBe(true);
    const again = await jsonOf<SharedPacketDto>(await agency.get(), 200);
    expect(again.replies).toEqual([{ body: '確認しました。本人に事情を聞きます。', acknowledged: true, createdAt: expect.any(String) }]);
    const stored = await h.ctx.db.selectFrom('packet_replies').selectAll().where('packet_id', '=', p.packetId).execute();
    expect(stored).toMatchObject([{ id: reply.id, link_id: link.linkId, acknowledged: true }]);

    // Every access, in order, by the agency's link, on the right subject, with the exact ranges.
    const events = (await auditRows(h)).filter((e) => e.seq > seqBefore);
    expect(events.every((e) => e.actor_type === 'agency' && e.actor_id === link.linkId)).toBe(true);
    expect(events.map((e) => [e.action, e.subject_type, e.subject_id])).toEqual([
      ['share.session_started', 'packet', p.packetId],
      ['share.viewed', 'packet', p.packetId],
      ['share.clip_read', 'recording', p.recordingId],
      ['share.clip_read', 'recording', p.recordingId],
      ['share.downloaded', 'recording', p.recordingId],
      ['share.manifest_read', 'packet', p.packetId],
      ['share.replied', 'packet', p.packetId],
      ['share.viewed', 'packet', p.packetId],
    ]);
    expect(events[2]!.details).toEqual({
      packetId: p.packetId,
      clipId: clip.id,
      linkId: link.linkId,
      range: { start: 100, end: 20_099 },
      bytes: 20_000,
    });
    const size1 = p.clips[1]!.bytes.length;
    expect(events[3]!.details).toEqual({
      packetId: p.packetId,
      clipId: p.clips[1]!.id,
      linkId: link.linkId,
      range: { start: 0, end: size1 - 1 },
      bytes: size1,
    });
    expect(events[4]!.details).toEqual({ packetId: p.packetId, clipId: clip.id, linkId: link.linkId, bytes: clip.bytes.length });
    expect(events[0]!.details).toMatchObject({ linkId: link.linkId, renewed: false });
    expect(events[6]!.details).toEqual({ linkId: link.linkId, replyId: reply.id, acknowledged: true });

    // The recording's access history shows the agency's reads, named by agency and recipient.
    const mod = await staffSession(h, ['moderator']);
    const log = await jsonOf<AccessLogResponse>(await callApi(h, mod.session, 'GET', `/api/recordings/${p.recordingId}/access-log`), 200);
    const agencyReads = log.items.filter((i) => i.actor.type === 'agency');
    expect(agencyReads.map((i) => i.action)).toEqual(['share.downloaded', 'share.clip_read', 'share.clip_read']);
    for (const item of agencyReads) {
      expect(item.actor).toEqual({
        type: 'agency',
        id: link.linkId,
        email: null,
        displayName: null,
        agency: { ref: 'agency-a', name: 'Agency A', recipientName: LINK_BODY.recipientName },
      });
    }
    expect(agencyReads[2]!.range).toEqual({ start: 100, end: 20_099 });
    expect(log.items.filter((i) => i.actor.type === 'staff').every((i) => i.actor.agency === null)).toBe(true);
  });

  it('HEAD of a clip answers its size and reads and audits nothing; a bad range is 416', async () => {
    const { p, agency } = await shared();
    await agency.startSession();
    const before = (await auditRows(h)).length;
    const head = await agency.request('HEAD', `/clips/${p.clips[0]!.id}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(p.clips[0]!.bytes.length));
    expect((await auditRows(h)).length).toBe(before);
    const bad = await agency.get(`/clips/${p.clips[0]!.id}`, { range: `bytes=${p.clips[0]!.bytes.length + 10}-` });
    await expectError(bad, 416, 'range_not_satisfiable');
    expect((await auditRows(h)).length).toBe(before);
  });

  it('refuses downloads when the link does not allow them, and audits nothing', async () => {
    const { p, agency } = await shared({ ...LINK_BODY, allowDownload: false });
    await agency.startSession();
    const before = (await auditRows(h)).length;
    await expectError(await agency.get(`/clips/${p.clips[0]!.id}?download=1`), 403, 'download_not_allowed');
    expect((await auditRows(h)).length).toBe(before);
    expect((await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=0-99' })).status).toBe(206);
  });

  it('serves nothing when the read cannot be audited', async () => {
    const { p, agency } = await shared();
    await agency.startSession();
    await whileAuditRefused(
      h,
      async () => expectError(await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=0-99' }), 503, 'audit_unavailable'),
      'share.clip_read',
    );
  });

  it('a passphrase link asks for it, refuses a wrong one (audited) and opens with the right one', async () => {
    const { link, agency } = await shared({ ...LINK_BODY, passphrase: 'kura-agency-2026' });
    expect(await expectError(await agency.get(), 401, 'session_required')).toMatchObject({ details: { passphraseRequired: true } });
    await expectError(await agency.startSession(), 401, 'passphrase_required');
    await expectError(await agency.startSession('kura-agency-2025'), 401, 'passphrase_required');
    expect(agency.cookie).toBeNull();
    const refused = (await auditRows(h, 'share.session_refused')).filter((e) => e.actor_id === link.linkId);
    expect(refused.map((e) => e.details)).toEqual([{ linkId: link.linkId, reason: 'wrong_passphrase' }]);
    expect((await agency.startSession('kura-agency-2026')).status).toBe(200);
    expect((await agency.get()).status).toBe(200);
    // A renewal needs no passphrase: the live session is the proof.
    expect((await agency.startSession()).status).toBe(200);
    expect((await agency.get()).status).toBe(200);
  });

  it('a staff cookie is no share session', async () => {
    const { agency } = await shared();
    const res = await fetch(agency.url(), { headers: lead.session.headers() });
    await expectError(res, 401, 'session_required');
    const bogus = await fetch(`${h.baseUrl}/v1/share/${randomBytes(32).toString('base64url')}`, { headers: lead.session.headers() });
    await expectError(bogus, 404, 'not_found');
  });

  it('a session lasts minutes; renewing it keeps the page going without counting a view', async () => {
    const { link, agency } = await shared({ ...LINK_BODY, viewCap: 1 });
    await agency.startSession();
    const firstCookie = agency.cookie;
    h.advance((SHARE_SESSION_MINUTES - 1) * 60_000);
    expect((await agency.startSession()).status).toBe(200);
    expect(agency.cookie).not.toBe(firstCookie);
    // The old credential ended with the renewal.
    const old = await fetch(agency.url(), { headers: { cookie: firstCookie! } });
    await expectError(old, 404, 'not_found');
    const row = await h.ctx.db.selectFrom('share_links').select('views').where('id', '=', link.linkId).executeTakeFirstOrThrow();
    expect(row.views).toBe(1);
    const renewals = (await auditRows(h, 'share.session_started')).filter((e) => e.actor_id === link.linkId);
    expect(renewals.map((e) => (e.details as { renewed: boolean }).renewed)).toEqual([false, true]);
    h.advance((SHARE_SESSION_MINUTES + 1) * 60_000);
    // Expired session on a capped link: nothing left to see.
    await expectError(await agency.get(), 404, 'not_found');
  });
});

describe('every refusal an outsider can meet is the same 404', () => {
  it('wrong, tampered, expired, revoked and used-up tokens and other packets’ clips', async () => {
    const bodies: [string, unknown][] = [];
    const add = async (name: string, res: Response) => bodies.push([name, await refusal(res)]);

    await add('random token', await fetch(`${h.baseUrl}/v1/share/${randomBytes(32).toString('base64url')}`));
    await add('garbage token', await fetch(`${h.baseUrl}/v1/share/not-a-token`));

    const { link, agency } = await shared();
    const t = link.token;
    const flipped = `${t.slice(0, 10)}${t[10] === 'A' ? 'B' : 'A'}${t.slice(11)}`;
    await add('tampered token', await fetch(`${h.baseUrl}/v1/share/${flipped}`));
    await add('truncated token', await fetch(`${h.baseUrl}/v1/share/${t.slice(0, -1)}`));
    await add('extended token', await fetch(`${h.baseUrl}/v1/share/${t}A`));
    await add('tampered token, session', await fetch(`${h.baseUrl}/v1/share/${flipped}/session`, { method: 'POST' }));

    // Other packet's clip, with a valid session on this link; and a clip id that is no uuid.
    await agency.startSession();
    const other = await createApprovedPacket(h);
    await createLink(h, lead, other.packetId);
    await add('other packet clip', await agency.get(`/clips/${other.clips[0]!.id}`, { range: 'bytes=0-9' }));
    await add('unknown clip', await agency.get('/clips/00000000-0000-4000-8000-000000000000'));
    await add('malformed clip id', await agency.get('/clips/..%2f..%2fmanifest'));

    // Revoked: the session that worked a moment ago, and a fresh start.
    const revoked = await shared();
    await revoked.agency.startSession();
    expect((await revoked.agency.get()).status).toBe(200);
    await callApi(h, lead.session, 'POST', `/api/links/${revoked.link.linkId}/revoke`);
    await add('revoked, with session', await revoked.agency.get());
    await add('revoked, new session', await new AgencyClient(h, revoked.link.token).startSession());

    // Used up: a cap of one view, taken by someone else.
    const capped = await shared({ ...LINK_BODY, viewCap: 1 });
    expect((await capped.agency.startSession()).status).toBe(200);
    const latecomer = new AgencyClient(h, capped.link.token);
    await add('capped, page', await latecomer.get());
    await add('capped, new session', await latecomer.startSession());
    expect((await capped.agency.get()).status).toBe(200);

    // Expired: a day-long link, a day and a second later (its live session does not outlive it).
    const expiring = await shared({ ...LINK_BODY, expiresInDays: 1 });
    await expiring.agency.startSession();
    h.advance(86_400_000 + 1000);
    await add('expired, with session', await expiring.agency.get());
    await add('expired, new session', await new AgencyClient(h, expiring.link.token).startSession());
    await add('expired, manifest', await expiring.agency.get('/manifest'));
    // The day also ended the lead's staff session.
    lead = await staffSession(h, ['lead']);

    const distinct = new Set(bodies.map(([, b]) => JSON.stringify(b)));
    expect(distinct.size, JSON.stringify(bodies, null, 1)).toBe(1);
    expect([...distinct][0]).toBe(JSON.stringify({ rest: { code: 'not_found', message: 'not found' }, type: 'application/json' }));
  });

  it('revocation stops a playback between two Range requests', async () => {
    const { p, link, agency } = await shared();
    await agency.startSession();
    const clip = p.clips[0]!;
    const a = await agency.get(`/clips/${clip.id}`, { range: 'bytes=0-16383' });
    expect(a.status).toBe(206);
    expect(Buffer.from(await a.arrayBuffer()).equals(clip.bytes.subarray(0, 16_384))).toBe(true);
    await jsonOf(await callApi(h, lead.session, 'POST', `/api/links/${link.linkId}/revoke`), 200);
    const before = (await auditRows(h)).length;
    await expectError(await agency.get(`/clips/${clip.id}`, { range: 'bytes=16384-' }), 404, 'not_found');
    expect((await auditRows(h)).length).toBe(before);
  });
});

describe('headers of the share paths', () => {
  it('no referrer, no indexing, no caching, no third-party origin: on answers, errors and the page', async () => {
    const { p, link, agency } = await shared();
    await agency.startSession();
    const responses = [
      await agency.get(),
      await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=0-9' }),
      await agency.get('/manifest'),
      await fetch(`${h.baseUrl}/v1/share/${randomBytes(32).toString('base64url')}`),
      await fetch(`${h.baseUrl}/share/${link.token}`),
    ];
    for (const res of responses) {
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      expect(res.headers.get('cache-control')).toMatch(/\bno-store\b/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/https?:|\*/);
      await res.arrayBuffer();
    }
    expect(responses[4]!.status).toBe(200);
    expect(responses[4]!.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('marks the session cookie Secure when configured to', async () => {
    const h2 = await createHarness({ secureCookies: true });
    try {
      const l = await staffSession(h2, ['lead']);
      const p = await createApprovedPacket(h2, { approver: l });
      const link = await createLink(h2, l, p.packetId);
      const res = await new AgencyClient(h2, link.token).startSession();
      expect(res.headers.getSetCookie().find((c) => c.startsWith('kura_share='))).toMatch(/;\s*Secure/i);
    } finally {
      await h2.close();
    }
  });
});
