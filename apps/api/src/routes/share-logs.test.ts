import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi } from '../../../../test/support/http-calls.ts';
import { asSuperuser, staffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY } from '../../../../test/support/shared-packet.ts';

// Share tokens travel in URL paths. Everything the app logs during a whole agency visit, at the
// most verbose level and with errors on the way, is read back: no token, no session credential.

const lines: string[] = [];
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ logLevel: 'trace' }, { logDestination: { write: (s: string) => void lines.push(s) } });
});
afterAll(async () => {
  await h?.close();
});

describe('share tokens in logs', () => {
  it('never appear, whatever the agency does', async () => {
    const lead = await staffSession(h, ['lead']);
    const p = await createApprovedPacket(h, { approver: lead });
    const link = await createLink(h, lead, p.packetId, { ...LINK_BODY, passphrase: 'passphrase for logs' });
    const agency = new AgencyClient(h, link.token);
    const base = `${h.baseUrl}/v1/share/${link.token}`;

    await agency.get();
    await agency.startSession('a wrong passphrase');
    await agency.startSession('passphrase for logs');
    const credential = agency.cookie!.slice('kura_share='.length);
    await agency.get();
    await (await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=10-5000' })).arrayBuffer();
    await (await agency.get(`/clips/${p.clips[1]!.id}?download=1`)).arrayBuffer();
    await agency.get('/manifest');
    await agency.request('POST', '/replies', { body: { body: '受領しました' } });
    await agency.request('POST', '/replies', { body: { nope: true } });
    await fetch(`${base}/clips/not-a-clip`, { headers: { cookie: agency.cookie! } });
    await fetch(`${base}/no-such-route`);
    await fetch(`${h.baseUrl}/v1//share/${link.token}`);
    await fetch(`${h.baseUrl}/share/${link.token}`);
    await fetch(`${h.baseUrl}/api/recordings/${link.token}`, { headers: lead.session.headers() });

    // An error logged on the way: the audit store refuses, the read is refused with a 503.
    await asSuperuser(h, async (c) => {
      await c.query(`create function refuse_manifest_reads() returns trigger language plpgsql as $$
        begin if new.action = 'share.manifest_read' then raise exception 'audit store down'; end if; return new; end $$`);
      await c.query(
        'create trigger refuse_manifest_reads before insert on audit_events for each row execute function refuse_manifest_reads()',
      );
    });
    expect((await agency.get('/manifest')).status).toBe(503);

    await callApi(h, lead.session, 'POST', `/api/links/${link.linkId}/revoke`);
    await agency.get();
    const flipped = `${link.token.slice(0, -1)}${link.token.endsWith('A') ? 'B' : 'A'}`;
    await fetch(`${h.baseUrl}/v1/share/${flipped}`);
    await fetch(`${h.baseUrl}/v1/share/${randomBytes(32).toString('base64url')}`);

    const log = lines.join('');
    // The log is there and names the share paths, redacted.
    expect(log).toContain('"path":"/v1/share/:token"');
    expect(log).toContain('"path":"/v1/share/:token/manifest"');
    expect(log).toContain(`"path":"/v1/share/:token/clips/${p.clips[0]!.id}"`);
    expect(log).toContain('"path":"/share/:token"');
    expect(log).toContain('audit write failed');
    for (const secret of [link.token, flipped, credential, link.token.slice(0, 20)]) expect(log).not.toContain(secret);
  });
});
