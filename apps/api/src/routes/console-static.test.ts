import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { pickEncoding } from './console-static.ts';

const SCRIPT = `export const hello = ${JSON.stringify('こんにちは '.repeat(400))};\n`;
const STYLE = `body { color: #123456; }\n`.repeat(100);
const SHARE_HTML = '<!doctype html><html lang="ja"><head><title>Kura share</title></head><body><div id="share"></div></body></html>';
const HTML = '<!doctype html><html lang="ja"><head><title>Kura</title></head><body><div id="root"></div></body></html>';

/** A raw HTTP GET: no client-side decompression, so the bytes on the wire are what we see. */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let h: Harness;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kura-console-'));
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'index.html'), HTML);
  await writeFile(path.join(dir, 'share.html'), SHARE_HTML);
  await writeFile(path.join(dir, 'assets/app-3f9a1c2b.js'), SCRIPT);
  // Distinct payloads, so the test can tell which copy was sent.
  await writeFile(path.join(dir, 'assets/app-3f9a1c2b.js.br'), brotliCompressSync(SCRIPT));
  await writeFile(path.join(dir, 'assets/app-3f9a1c2b.js.gz'), gzipSync(SCRIPT));
  // A stylesheet with a gzip copy only.
  await writeFile(path.join(dir, 'assets/app-77aa00ee.css'), STYLE);
  await writeFile(path.join(dir, 'assets/app-77aa00ee.css.gz'), gzipSync(STYLE));
  await writeFile(path.join(dir, 'assets/logo-1234abcd.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(path.join(dir, '.secret'), 'nope');
  h = await createHarness({}, { consoleDir: dir });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('console static files', () => {
  it('sends the brotli copy to a client that takes br, with the headers a cache needs', async () => {
    const res = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(SCRIPT);
  });

  it('falls back to gzip, and to the plain file, following the q-values', async () => {
    const gz = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`, { 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(SCRIPT);

    const refusesBr = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`, { 'accept-encoding': 'br;q=0, gzip;q=0.8' });
    expect(refusesBr.headers['content-encoding']).toBe('gzip');

    const plain = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.body.toString('utf8')).toBe(SCRIPT);

    const identity = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();

    // Only a gzip copy of the stylesheet exists: br-capable clients get that.
    const css = await get(`${h.baseUrl}/assets/app-77aa00ee.css`, { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(gunzipSync(css.body).toString('utf8')).toBe(STYLE);
  });

  it('leaves binary files alone and answers HEAD with the same headers and no body', async () => {
    const png = await get(`${h.baseUrl}/assets/logo-1234abcd.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['vary']).toBeUndefined();

    const head = await get(`${h.baseUrl}/assets/app-3f9a1c2b.js`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(Number(head.headers['content-length'])).toBe(brotliCompressSync(SCRIPT).length);
    expect(head.body.length).toBe(0);
  });

  it('serves index.html, uncached, for client routes and 404s for missing assets and hidden files', async () => {
    for (const route of ['/', '/recordings', '/recordings/abc', '/account']) {
      const page = await get(`${h.baseUrl}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body.toString('utf8')).toBe(HTML);
    }
    const missing = await get(`${h.baseUrl}/assets/app-00000000.js`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).error.code).toBe('not_found');
    // The compressed copies are not files of their own.
    expect((await get(`${h.baseUrl}/assets/app-3f9a1c2b.js.br`)).status).toBe(404);
    const hidden = await get(`${h.baseUrl}/.secret`);
    expect(hidden.body.toString('utf8')).not.toContain('nope');
    const api = await get(`${h.baseUrl}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
  });
});

describe('pickEncoding', () => {
  it('takes the highest q among the copies there are, br on a tie', () => {
    expect(pickEncoding('gzip, deflate, br', ['br', 'gzip'])).toBe('br');
    expect(pickEncoding('gzip;q=1, br;q=0.5', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding('br;q=0', ['br', 'gzip'])).toBeNull();
    expect(pickEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(pickEncoding('*;q=0.5, br;q=0', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding('GZIP', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding(undefined, ['br', 'gzip'])).toBeNull();
    expect(pickEncoding('br', [])).toBeNull();
  });

  it("serves the agency's own page for /share/*, never the staff console, and keeps it out of caches", async () => {
    const res = await get(`${h.baseUrl}/share/${'A'.repeat(43)}`);
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(SHARE_HTML);
    expect(res.headers['cache-control']).toMatch(/\bno-store\b/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    const staff = await get(`${h.baseUrl}/queue`);
    expect(staff.body.toString('utf8')).toBe(HTML);
  });
});
