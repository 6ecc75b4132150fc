import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../../../test/support/cli.ts';
import { bearer, createHarness, TEST_INGEST_TOKEN, type Harness } from '../../../test/support/harness.ts';
import { callApi } from '../../../test/support/http-calls.ts';
import { readRingFile, refUnwrapDek } from '../../../test/support/krv1-reference.ts';
import { drainJobs, ingest, makeMedia } from '../../../test/support/media.ts';
import { asSuperuser, postGrant, staffSession } from '../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink, LINK_BODY } from '../../../test/support/shared-packet.ts';
import { createStaff, signIn } from '../../../test/support/staff.ts';
import { rotateKeys } from './services/keys/rotate-keys.ts';

// Everything Kura logs, at its most verbose, while it is handed every kind of secret: a staff
// password and session, the platform's service token, a share link's token, passphrase and
// playback cookie, credentials that are wrong, and the key ring through a rotation (in the
// server and from `pnpm kura keys rotate`). None of them may appear in any form in the log.

const lines: string[] = [];
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ logLevel: 'trace' }, { logDestination: { write: (s: string) => void lines.push(s) } });
});
afterAll(async () => {
  await h?.close();
});

/** A secret as it might be printed: as is, and for bytes in hex, base64 and base64url. */
function forms(secret: string | Buffer): string[] {
  if (typeof secret === 'string') return [secret];
  return [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url')];
}

/** Every value of the ring file but public keys and ids: KEKs and Ed25519 private keys. */
async function ringSecrets(path: string): Promise<Buffer[]> {
  const found: Buffer[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'base64');
      if (!/public/i.test(key) && v.length >= 40 && bytes.length >= 32) found.push(bytes);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, k);
    }
  };
  walk(JSON.parse(await readFile(path, 'utf8')), '');
  return found;
}

/** Every DEK of the database, unwrapped with the ring. */
async function allDeks(): Promise<Buffer[]> {
  const ring = await readRingFile(h.ctx.config.keyringPath);
  const rows = [
    ...(await h.ctx.db.selectFrom('recordings').select(['id', 'kek_id', 'wrapped_dek']).execute()),
    ...(await h.ctx.db.selectFrom('recording_assets').select(['id', 'kek_id', 'wrapped_dek']).execute()),
    ...(await h.ctx.db.selectFrom('packet_clips').select(['id', 'kek_id', 'wrapped_dek']).where('wrapped_dek', 'is not', null).execute()),
  ];
  return rows.map((r) => refUnwrapDek(ring.keys.get(r.kek_id!)!, r.id, r.wrapped_dek!));
}

describe('logs', () => {
  it('never carry tokens, passwords, cookies, share tokens or key material', async () => {
    const secrets: (string | Buffer)[] = [TEST_INGEST_TOKEN];
    const ringBefore = await ringSecrets(h.ctx.config.keyringPath);

    // Staff: a password sign-in, a wrong password, a session used with its CSRF token.
    const staff = await createStaff(h, ['moderator', 'lead']);
    const session = await signIn(h, staff.email, staff.password);
    secrets.push(staff.password, session.cookie.slice('kura_session='.length), session.csrfToken);
    const wrongPassword = `wrong-${randomBytes(12).toString('hex')}`;
    secrets.push(wrongPassword);
    await fetch(`${h.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: staff.email, password: wrongPassword }),
    });

    // The platform: ingest with the service token, processed by the worker.
    await ingest(h, 'log-call-1', await makeMedia({ kind: 'mp4', seconds: 1, seed: 41 }));
    await drainJobs(h);
    const rec = await h.ctx.db.selectFrom('recordings').select('id').executeTakeFirstOrThrow();
    await postGrant(h, session, rec.id);
    await fetch(`${h.baseUrl}/api/recordings/${rec.id}/media`, { headers: session.headers({ range: 'bytes=0-99' }) });

    // Requests that fail with credentials in Cookie and Authorization.
    const bogusBearer = `bogus-bearer-${randomBytes(16).toString('hex')}`;
    const bogusCookie = `bogus-session-${randomBytes(16).toString('hex')}`;
    secrets.push(bogusBearer, bogusCookie);
    await fetch(`${h.baseUrl}/v1/ingest/calls/x`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${bogusBearer}`, cookie: `kura_session=${bogusCookie}` },
    });
    await fetch(`${h.baseUrl}/api/recordings`, {
      headers: { authorization: `Bearer ${bogusBearer}`, cookie: `kura_session=${bogusCookie}` },
    });
    await fetch(`${h.baseUrl}/api/recordings`, { method: 'POST', headers: { ...session.headers(), 'x-csrf-token': bogusCookie } });
    await fetch(`${h.baseUrl}/v1/ingest/decisions`, { headers: { ...bearer(), cookie: `kura_session=${bogusCookie}` } });

    // Sharing: a link with a passphrase, the agency's visit (token in the path, playback cookie).
    const lead = await staffSession(h, ['lead']);
    secrets.push(lead.password, lead.session.cookie.slice('kura_session='.length), lead.session.csrfToken);
    const p = await createApprovedPacket(h, { approver: lead });
    const passphrase = `passphrase-${randomBytes(8).toString('hex')}`;
    const link = await createLink(h, lead, p.packetId, { ...LINK_BODY, passphrase });
    secrets.push(link.token, passphrase);
    const agency = new AgencyClient(h, link.token);
    await agency.startSession('not the passphrase');
    await agency.startSession(passphrase);
    secrets.push(agency.cookie!.slice('kura_share='.length));
    await agency.get();
    await (await agency.get(`/clips/${p.clips[0]!.id}`, { range: 'bytes=0-999' })).arrayBuffer();
    await agency.request('POST', '/replies', { body: { body: '受領しました' } });

    // An error logged on the way, with the session's cookie on the request.
    await asSuperuser(h, async (c) => {
      await c.query(`create function refuse_lists() returns trigger language plpgsql as $$
        begin if new.action = 'recordings.listed' then raise exception 'audit store down'; end if; return new; end $$`);
      await c.query('create trigger refuse_lists before insert on audit_events for each row execute function refuse_lists()');
    });
    expect((await callApi(h, session, 'GET', '/api/recordings')).status).toBeGreaterThanOrEqual(500);

    // Key rotation, in the server and from the CLI at its most verbose.
    await rotateKeys(h.ctx, { actor: { type: 'system', id: 'log-test' } });
    const cli = await runKura(h, ['keys', 'rotate'], '', { LOG_LEVEL: 'trace' });
    expect(cli.code, cli.stderr).toBe(0);
    lines.push(cli.stdout, cli.stderr);

    const deks = await allDeks();
    // A recording, its thumbnails and the packet's two clips; two KEKs and a signing key at least.
    expect(deks.length).toBeGreaterThanOrEqual(4);
    expect(ringBefore.length).toBeGreaterThanOrEqual(2);
    secrets.push(...ringBefore, ...(await ringSecrets(h.ctx.config.keyringPath)), ...deks);

    const log = lines.join('\n');
    expect(log).toContain('"msg":"request"');
    expect(log).toContain('/v1/share/:token');
    expect(log).toContain('audit store down');
    const leaked = secrets.flatMap(forms).filter((s) => log.includes(s));
    expect(leaked).toEqual([]);
  });
});
