import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi } from '../../../../test/support/http-calls.ts';
import { postGrant, seedProcessedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { AgencyClient, createApprovedPacket, createLink } from '../../../../test/support/shared-packet.ts';

// The headers every class of answer carries, listed once: the console's page and its hashed
// assets, the API's JSON and its errors, ranged media, the agency's page and API, the
// well-known keys, the published API document, and even what Node's HTTP parser refuses.

const HTML = '<!doctype html><html lang="ja"><head><title>Kura</title></head><body><div id="root"></div></body></html>';
const SHARE_HTML = '<!doctype html><html lang="ja"><head><title>Kura share</title></head><body><div id="share"></div></body></html>';

/** On every answer Hono makes. */
const EVERYWHERE: Record<string, RegExp> = {
  'content-security-policy': /^(?=.*default-src 'self')(?=.*frame-ancestors 'none')(?=.*object-src 'none')(?=.*base-uri 'none')/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^no-referrer$/,
  'x-frame-options': /^DENY$/,
  'cross-origin-resource-policy': /^same-origin$/,
  'cross-origin-opener-policy': /^same-origin$/,
  'permissions-policy': /camera=\(\).*microphone=\(\)/,
  'x-request-id': /^[A-Za-z0-9._-]{8,64}$/,
};

type Expected = Record<string, RegExp | null>;
const NO_STORE: Expected = { 'cache-control': /^no-store$/ };
const SHARE: Expected = { 'x-robots-tag': /^noindex, nofollow$/, 'cache-control': /^no-store$/ };

let h: Harness;
let dir: string;
let mod: StaffSession;
let recordingId: string;
let agency: AgencyClient;
let clipId: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kura-console-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), HTML);
  await writeFile(path.join(dir, 'share.html'), SHARE_HTML);
  await writeFile(path.join(dir, 'assets/app-3f9a1c2b.js'), 'export const a = 1;\n');
  h = await createHarness({}, { consoleDir: dir });
  mod = await staffSession(h, ['moderator']);
  recordingId = (await seedProcessedRecording(h)).recordingId;
  expect((await postGrant(h, mod.session, recordingId)).status).toBe(201);
  const lead = await staffSession(h, ['lead']);
  const p = await createApprovedPacket(h, { approver: lead });
  clipId = p.clips[0]!.id;
  agency = new AgencyClient(h, (await createLink(h, lead, p.packetId)).token);
  expect((await agency.startSession()).status).toBe(200);
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

interface RouteClass {
  name: string;
  request: () => Promise<Response>;
  status: number;
  headers: Expected;
}

const classes = (): RouteClass[] => [
  {
    name: 'console HTML',
    request: () => fetch(`${h.baseUrl}/review`),
    status: 200,
    headers: { 'content-type': /^text\/html/, 'cache-control': /^no-cache$/ },
  },
  {
    name: 'hashed console asset',
    request: () => fetch(`${h.baseUrl}/assets/app-3f9a1c2b.js`),
    status: 200,
    headers: { 'content-type': /^text\/javascript/, 'cache-control': /^public, max-age=31536000, immutable$/ },
  },
  {
    name: 'missing console asset',
    request: () => fetch(`${h.baseUrl}/assets/gone-00000000.js`),
    status: 404,
    headers: { 'content-type': /^application\/json/ },
  },
  {
    name: 'API JSON',
    request: () => callApi(h, mod.session, 'GET', '/api/recordings'),
    status: 200,
    headers: { 'content-type': /^application\/json/, ...NO_STORE },
  },
  {
    name: 'API error (no session)',
    request: () => fetch(`${h.baseUrl}/api/recordings`),
    status: 401,
    headers: { 'content-type': /^application\/json/, ...NO_STORE },
  },
  {
    name: 'API error (no such route)',
    request: () => fetch(`${h.baseUrl}/api/nope`),
    status: 404,
    headers: { 'content-type': /^application\/json/, ...NO_STORE },
  },
  {
    name: 'ingest JSON',
    request: () => fetch(`${h.baseUrl}/v1/ingest/decisions`, { headers: bearer() }),
    status: 200,
    headers: { 'content-type': /^application\/json/, ...NO_STORE },
  },
  {
    name: 'media range',
    request: () => fetch(`${h.baseUrl}/api/recordings/${recordingId}/media`, { headers: mod.session.headers({ range: 'bytes=0-99' }) }),
    status: 206,
    headers: {
      'content-type': /^video\/mp4/,
      'cache-control': /^private, no-store$/,
      'accept-ranges': /^bytes$/,
      'content-range': /^bytes 0-99\/\d+$/,
    },
  },
  {
    name: 'thumbnails',
    request: () => fetch(`${h.baseUrl}/api/recordings/${recordingId}/thumbnails`, { headers: mod.session.headers() }),
    status: 200,
    headers: { 'content-type': /^image\//, 'cache-control': /^private, no-store$/ },
  },
  {
    name: 'share page HTML',
    request: () => fetch(`${h.baseUrl}/share/${agency.token}`),
    status: 200,
    headers: { 'content-type': /^text\/html/, ...SHARE },
  },
  {
    name: '/v1/share JSON',
    request: () => agency.get(),
    status: 200,
    headers: { 'content-type': /^application\/json/, ...SHARE },
  },
  {
    name: '/v1/share error',
    request: () => fetch(`${h.baseUrl}/v1/share/not-a-token`),
    status: 404,
    headers: { 'content-type': /^application\/json/, ...SHARE },
  },
  {
    name: '/v1/share clip range',
    request: () => agency.get(`/clips/${clipId}`, { range: 'bytes=0-99' }),
    status: 206,
    headers: { 'cache-control': /^private, no-store$/, 'x-robots-tag': /^noindex, nofollow$/, 'content-range': /^bytes 0-99\/\d+$/ },
  },
  {
    name: 'well-known signing keys',
    request: () => fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`),
    status: 200,
    headers: { 'content-type': /^application\/json/, 'cache-control': /^public, max-age=300$/ },
  },
  {
    name: 'API docs page',
    request: () => fetch(`${h.baseUrl}/api/docs`),
    status: 200,
    headers: { 'content-type': /^text\/html/, ...NO_STORE },
  },
];

describe('security headers per route class', () => {
  it('each class carries its headers and the common ones', async () => {
    const wrong: string[] = [];
    for (const k of classes()) {
      const res = await k.request();
      await res.arrayBuffer();
      if (res.status !== k.status) wrong.push(`${k.name}: status ${res.status}, expected ${k.status}`);
      for (const [name, want] of Object.entries({ ...EVERYWHERE, ...k.headers })) {
        const got = res.headers.get(name);
        if (want === null ? got !== null : got === null || !want.test(got)) wrong.push(`${k.name}: ${name} = ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("what Node's HTTP parser refuses is still JSON that no browser sniffs, frames or keeps", async () => {
    const url = new URL(h.baseUrl);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('GET /api/x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    const head = raw.split('\r\n\r\n')[0]!.toLowerCase();
    expect(head).toMatch(/^http\/1\.1 400/);
    for (const line of [
      'content-type: application/json',
      'cache-control: no-store',
      'x-content-type-options: nosniff',
      "content-security-policy: default-src 'none'; frame-ancestors 'none'",
      'x-frame-options: deny',
      'referrer-policy: no-referrer',
    ]) {
      expect(head.split('\r\n')).toContain(line);
    }
  });
});
