import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../apps/api/src/app.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { makeMedia, rawRequest } from '../support/media.ts';
import { newTally, record, recordResponse, type Tally } from './support/answers.ts';
import { accountForEverything, chainIntact, drainAll } from './support/consistency.ts';
import { figure } from './support/figures.ts';
import { ROUTE_EXPECTATIONS } from './support/matrix-table.ts';
import { buildWorld, passHeaders, type World } from './support/world.ts';

// The bad-input corpus (test/fixtures/bad-input) thrown at every route, as a caller every gate lets
// through, so that what is tested is the input: media that is empty, garbage, truncated or
// mislabelled; bodies over the limit; broken, hostile and absurdly nested JSON; hostile text in
// every text field; hostile segments in every path parameter; malformed Range and header lines.
// Zero 5xx, every error JSON with a code, and afterwards nothing half-written.

const fixtures = path.join(import.meta.dirname, '../fixtures/bad-input');
const load = <T>(name: string): T => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as T;
const STRINGS = load<{ strings: string[] }>('strings.json').strings;
const SEGMENTS = load<{ segments: string[] }>('ids.json').segments;
const RANGES = load<{ ranges: string[] }>('ranges.json').ranges;
const BODIES = load<{ bodies: string[] }>('json-bodies.json').bodies;

const MAX_UPLOAD = 2 * 1024 * 1024;

let h: Harness;
let w: World;
const tally: Tally = newTally();

beforeAll(async () => {
  h = await createHarness({ maxUploadBytes: MAX_UPLOAD, shareRequestsPerMinute: 1_000_000 });
  w = await buildWorld(h);
}, 300_000);

afterAll(async () => {
  await h?.close();
});

/** Routes of the app with their table line, unless they end the caller's session. */
function routes(): { key: string; method: string; path: string }[] {
  const app = createApp(h.ctx);
  const keys = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
  return keys
    .filter((k) => k in ROUTE_EXPECTATIONS && k !== 'POST /api/auth/logout')
    .map((key) => ({ key, method: key.split(' ')[0]!, path: key.slice(key.indexOf(' ') + 1) }));
}

async function send(label: string, method: string, url: string, init: { headers?: Record<string, string>; body?: Buffer | string } = {}) {
  // Over the JSON limit the server answers 413 before the body is all sent and closes; fetch
  // reports that as a failed write, so these go through a client that reads the early answer.
  if (init.body !== undefined && Buffer.byteLength(init.body) > 64 * 1024) {
    const raw = await rawRequest(h, { method, path: url, headers: init.headers ?? {}, chunks: [Buffer.from(init.body)] });
    return record(tally, label, raw.status, String(raw.headers['content-type'] ?? ''), String(raw.headers['x-request-id'] ?? ''), raw.body);
  }
  const res = await fetch(`${h.baseUrl}${url}`, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(60_000) });
  // Renewing the agency's session hands out a new credential: keep the newest, as its page does.
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!.trim();
    if (pair.startsWith('kura_share=') && url.startsWith(`/v1/share/${w.agency.token}/`)) w.agency.cookie = pair;
  }
  return recordResponse(tally, label, res);
}

/** Every string in a JSON value, by path, so each can be replaced in turn. */
function stringPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}

function replaced(v: unknown, at: (string | number)[], s: string): unknown {
  if (at.length === 0) return s;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[at[0]!] = replaced(copy[at[0]!], at.slice(1), s);
  return copy;
}

describe('bad input', () => {
  it('media: empty, garbage, truncated, garbled, mislabelled and oversized uploads', async () => {
    const mp4 = await makeMedia({ kind: 'mp4', seconds: 2, seed: 41 });
    const webm = await makeMedia({ kind: 'webm', seconds: 2, seed: 42 });
    const garbled = Buffer.from(mp4.bytes);
    for (let i = 64; i < garbled.length; i += 97) garbled[i] = garbled[i]! ^ 0xff;
    const cases: { name: string; bytes: Buffer; type: string | null; chunked?: boolean }[] = [
      { name: 'zero bytes', bytes: Buffer.alloc(0), type: 'video/mp4' },
      { name: 'garbage', bytes: randomBytes(64 * 1024), type: 'video/mp4' },
      { name: 'truncated mp4', bytes: mp4.bytes.subarray(0, Math.floor(mp4.bytes.length * 0.4)), type: 'video/mp4' },
      { name: 'mp4 header only', bytes: mp4.bytes.subarray(0, 32), type: 'video/mp4' },
      { name: 'truncated webm', bytes: webm.bytes.subarray(0, Math.floor(webm.bytes.length / 3)), type: 'video/webm' },
      { name: 'garbled mp4', bytes: garbled, type: 'video/mp4' },
      { name: 'text as video', bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'video/mp4' },
      { name: 'mp4 as JSON', bytes: mp4.bytes, type: 'application/json' },
      { name: 'mp4 as HTML', bytes: mp4.bytes, type: 'text/html' },
      { name: 'mp4, no content type', bytes: mp4.bytes, type: null },
      { name: 'mp4, hostile content type', bytes: mp4.bytes, type: 'video/mp4; codecs="<script>"; x=\u00e9' },
      { name: 'webm as mp4', bytes: webm.bytes, type: 'video/mp4' },
      { name: 'over the limit, declared', bytes: randomBytes(MAX_UPLOAD + 1024), type: 'video/mp4' },
      { name: 'over the limit, chunked', bytes: randomBytes(MAX_UPLOAD + 1024), type: 'video/mp4', chunked: true },
    ];
    const accepted: string[] = [];
    for (const c of cases) {
      const ref = `bad-${randomBytes(5).toString('hex')}`;
      const call = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}`, {
        method: 'PUT',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({
          creator: { ref: 'creator-bad', name: 'C', agency: { ref: 'agency-a', name: 'Agency A' } },
          user: { ref: 'user-bad' },
          startedAt: '2026-11-20T10:00:00+09:00',
          endedAt: '2026-11-20T10:05:00+09:00',
        }),
      });
      expect(call.status).toBe(201);
      const headers: Record<string, string> = { ...bearer() };
      let body: Buffer | ReadableStream<Uint8Array> = c.bytes;
      if (c.type !== null) headers['content-type'] = c.type;
      if (c.chunked) {
        const bytes = c.bytes;
        body = new ReadableStream({
          start(ctl) {
            for (let i = 0; i < bytes.length; i += 256 * 1024) ctl.enqueue(bytes.subarray(i, i + 256 * 1024));
            ctl.close();
          },
        });
      }
      let res: Response;
      try {
        res = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
          method: 'PUT',
          headers,
          body,
          ...(c.chunked ? { duplex: 'half' } : {}),
          signal: AbortSignal.timeout(60_000),
        } as RequestInit);
      } catch (err) {
        // The server may answer 413 and close before the body is all sent; undici then reports the write error.
        tally.requests++;
        tally.refused++;
        expect(c.name, String(err)).toMatch(/over the limit/);
        continue;
      }
      const seen = await recordResponse(tally, `upload ${c.name}`, res);
      if (seen.status < 300) accepted.push(c.name);
      if (c.name.startsWith('over the limit')) expect(seen.status, c.name).toBe(413);
      if (c.name === 'zero bytes') expect(seen.code).toBe('empty_body');
    }
    // Whatever was accepted is processed to a final state: ready or unplayable, never stuck
    // (media that fails oddly is retried first, so this runs the retries out).
    await drainAll(h);
    const states = await h.ctx.db
      .selectFrom('recordings as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select(['r.id', 'r.state', 'c.ref'])
      .where('c.ref', 'like', 'bad-%')
      .execute();
    const jobs = await h.ctx.db.selectFrom('jobs').selectAll().execute();
    expect(
      states.filter((s) => s.state === 'processing' || s.state === 'uploading'),
      JSON.stringify(jobs.filter((j) => j.state !== 'done')).slice(0, 2000),
    ).toEqual([]);
    figure('bad input: media cases', cases.length);
    figure('bad input: media accepted (then ready or unplayable)', accepted.length);
  });

  it('JSON: broken, hostile, deeply nested, over the limit and mislabelled bodies on every JSON route', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const bodies = [...BODIES, deep(100_000), deepObject(20_000), `{"pad":"${'x'.repeat(70 * 1024)}"}`];
    let n = 0;
    for (const r of routes()) {
      const exp = ROUTE_EXPECTATIONS[r.key]!;
      const probe = exp.probe(w.ids, w.agency.token);
      if (probe.body === undefined) continue;
      const headers = passHeaders(w, exp.gate);
      for (const body of bodies) {
        await send(`${r.key} body ${body.slice(0, 20)}`, r.method, probe.path, {
          headers: { ...headers, 'content-type': 'application/json' },
          body,
        });
        n++;
      }
      const valid = JSON.stringify(probe.body);
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', null]) {
        await send(`${r.key} as ${type}`, r.method, probe.path, {
          headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
          body: valid,
        });
        n++;
      }
    }
    figure('bad input: JSON body requests', n);
  });

  it('hostile text in every text field of every JSON body', async () => {
    const strings = STRINGS;
    let n = 0;
    for (const r of routes()) {
      const exp = ROUTE_EXPECTATIONS[r.key]!;
      const first = exp.probe(w.ids, w.agency.token);
      if (first.body === undefined) continue;
      for (const at of stringPaths(first.body)) {
        for (const s of strings) {
          // A fresh probe each time: some make a new name or ref per call.
          const probe = exp.probe(w.ids, w.agency.token);
          await send(`${r.key} ${at.join('.')}=${JSON.stringify(s).slice(0, 30)}`, r.method, probe.path, {
            headers: { ...passHeaders(w, exp.gate), ...probe.headers, 'content-type': 'application/json' },
            body: JSON.stringify(replaced(probe.body, at, s)),
          });
          n++;
        }
      }
    }
    figure('bad input: hostile text requests', n);
  });

  it('hostile segments in every path parameter', async () => {
    const segments = SEGMENTS;
    let n = 0;
    for (const r of routes()) {
      if (!r.path.includes(':')) continue;
      const exp = ROUTE_EXPECTATIONS[r.key]!;
      const probe = exp.probe(w.ids, w.agency.token);
      const params = r.path.match(/:[A-Za-z]+/g)!;
      for (const param of params) {
        for (const seg of segments) {
          // The route's pattern with this one parameter hostile and the others real (from the probe's own path).
          const real = probe.path.split('?')[0]!.split('/');
          const pattern = r.path.split('/');
          const url = pattern.map((p, i) => (p === param ? seg : real[i])).join('/');
          const headers: Record<string, string> = { ...passHeaders(w, exp.gate), ...probe.headers };
          let body: string | Buffer | undefined;
          if (probe.raw) body = probe.raw;
          else if (probe.body !== undefined) {
            body = JSON.stringify(probe.body);
            headers['content-type'] = 'application/json';
          }
          await send(`${r.key} ${param}=${seg.slice(0, 30)}`, r.method, url, { headers, body });
          n++;
        }
      }
    }
    figure('bad input: hostile path parameter requests', n);
  });

  it('malformed Range headers on every media route', async () => {
    const targets = [
      { path: `/api/recordings/${w.ids.recordingId}/media`, headers: w.everything.session.headers() },
      { path: `/api/packets/${w.ids.packetId}/clips/${w.ids.clipId}/media`, headers: w.everything.session.headers() },
      { path: `/v1/share/${w.agency.token}/clips/${w.ids.clipId}`, headers: { cookie: w.agency.cookie! } },
    ];
    let n = 0;
    for (const t of targets) {
      for (const range of RANGES) {
        const seen = await send(`${t.path} Range ${range}`, 'GET', t.path, { headers: { ...t.headers, range } });
        expect([200, 206, 416], `${t.path} Range ${JSON.stringify(range)}`).toContain(seen.status);
        n++;
      }
    }
    figure('bad input: malformed Range requests', n);
  });

  it('huge and malformed header lines', async () => {
    const raw = (text: string | Buffer) =>
      new Promise<string>((resolve, reject) => {
        const url = new URL(h.baseUrl);
        const s = net.connect(Number(url.port), url.hostname, () => s.end(text));
        const parts: Buffer[] = [];
        s.on('data', (d: Buffer) => parts.push(d));
        s.on('end', () => resolve(Buffer.concat(parts).toString('latin1')));
        s.on('error', reject);
        s.setTimeout(30_000, () => s.destroy(new Error('no answer')));
      });
    const requests: [string, string | Buffer][] = [
      [
        '64 KiB cookie',
        `GET /api/auth/session HTTP/1.1\r\nHost: x\r\nCookie: kura_session=${'A'.repeat(64 * 1024)}\r\nConnection: close\r\n\r\n`,
      ],
      [
        '2000 headers',
        `GET /healthz HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`).join('\r\n')}\r\nConnection: close\r\n\r\n`,
      ],
      ['header without colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n'],
      ['NUL in a header', Buffer.from('GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nConnection: close\r\n\r\n', 'latin1')],
      ['space before colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-A : b\r\nConnection: close\r\n\r\n'],
      ['bare LF line ends', 'GET /healthz HTTP/1.1\nHost: x\nConnection: close\n\n'],
      [
        'two content lengths',
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}',
      ],
      [
        'chunked and a length',
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\nConnection: close\r\n\r\n0\r\n\r\n',
      ],
      [
        'bad chunk size',
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      ],
      ['negative length', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n'],
      ['HTTP/0.9 line', 'GET /healthz\r\n\r\n'],
      ['garbage method', 'G\u00e9T /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['16 KiB URL', `GET /api/recordings/${'a'.repeat(16 * 1024)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['hostile Host', 'GET /healthz HTTP/1.1\r\nHost: <script>\r\nConnection: close\r\n\r\n'],
      [
        'bad content-length on upload',
        'PUT /v1/ingest/calls/x/recording HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer test-ingest-token-0123456789abcdef\r\nContent-Length: 1e3\r\nConnection: close\r\n\r\n',
      ],
    ];
    for (const [name, text] of requests) {
      const answer = await raw(text);
      const head = answer.slice(0, answer.indexOf('\r\n\r\n'));
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const header = (n: string) => new RegExp(`^${n}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? null;
      // An answer may be chunked; the error bodies here are short and sent whole.
      const text2 = header('transfer-encoding') === 'chunked' ? body.replace(/^[0-9a-f]+\r\n/, '').replace(/\r\n0\r\n\r\n$/, '') : body;
      expect(status, `${name}: ${head.slice(0, 200)}`).toBeGreaterThan(0);
      record(tally, `raw ${name}`, status, header('content-type') ?? '', header('x-request-id'), text2);
    }
    figure('bad input: malformed header requests', requests.length);
  });

  it('afterwards: zero 5xx, every error JSON with a code, nothing half-written, the chain intact', async () => {
    await drainAll(h);
    const acc = await accountForEverything(h);
    const chain = await chainIntact(h);
    figure('bad input: requests', tally.requests);
    figure('bad input: accepted', tally.accepted);
    figure('bad input: refused', tally.refused);
    figure('bad input: 5xx', tally.serverErrors.length);
    figure('bad input: errors without the JSON shape', tally.badErrorShape.length);
    figure('bad input: objects in the bucket', acc.objects);
    figure('bad input: objects unaccounted for', acc.unaccounted.length);
    figure('bad input: recordings left mid-upload', acc.uploadingRows);
    figure('bad input: audit chain intact', String(chain.intact));
    expect(tally.serverErrors).toEqual([]);
    expect(tally.badErrorShape).toEqual([]);
    expect(acc.unaccounted).toEqual([]);
    expect(acc.uploadingRows).toBe(0);
    expect(chain.intact, chain.detail).toBe(true);
  });
});
