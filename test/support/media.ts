import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { generateDemoMedia, type DemoMediaSpec } from '../../apps/api/src/demo/media/generate.ts';
import { jobHandlers } from '../../apps/api/src/jobs/catalogue.ts';
import { Worker } from '../../apps/api/src/jobs/worker.ts';
import { runFfmpeg } from '../../apps/api/src/repositories/media/ffmpeg-process.ts';
import { bearer, type Harness } from './harness.ts';

// Helpers for the ingest, processing and key-rotation tests: real media, real HTTP, real S3.

export async function collect(stream: Readable | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const mediaCache = new Map<string, Promise<{ bytes: Buffer; contentType: string }>>();

/** Real media from ffmpeg, collected to a Buffer; the same spec is generated once per file. */
export function makeMedia(spec: DemoMediaSpec): Promise<{ bytes: Buffer; contentType: string }> {
  const key = JSON.stringify(spec);
  let p = mediaCache.get(key);
  if (!p) {
    p = (async () => {
      const m = generateDemoMedia(spec);
      const [bytes] = await Promise.all([collect(m.stream), m.done]);
      return { bytes, contentType: m.contentType };
    })();
    mediaCache.set(key, p);
  }
  return p;
}

/**
 * A plain (unfragmented) MP4 with its index (moov) after the media, as most cameras and
 * editors write it: a reader must seek to the end and back. That layout needs a seekable
 * output, so ffmpeg remuxes the generated clip into a temp file; this is synthetic test
 * media, read back and deleted at once.
 */
export async function makeMoovAtEndMp4(spec: Omit<DemoMediaSpec, 'kind'>): Promise<{ bytes: Buffer; contentType: string }> {
  const fragmented = await makeMedia({ ...spec, kind: 'mp4' });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kura-moov-'));
  try {
    const out = path.join(dir, 'clip.mp4');
    const run = runFfmpeg(['-hide_banner', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0', '-c', 'copy', '-f', 'mp4', out], {
      stdin: Readable.from([fragmented.bytes]),
      captureStdout: false,
    });
    await run.done;
    const bytes = await readFile(out);
    const moov = bytes.indexOf('moov');
    const mdat = bytes.indexOf('mdat');
    if (mdat < 0 || moov < mdat) throw new Error('ffmpeg did not put the moov atom after the media data');
    return { bytes, contentType: 'video/mp4' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One VP8 frame and no audio, written to a pipe: it decodes, but its duration is zero. */
export async function makeSingleFrameWebm(): Promise<{ bytes: Buffer; contentType: string }> {
  const run = runFfmpeg([
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=15',
    '-frames:v',
    '1',
    '-c:v',
    'libvpx',
    '-fflags',
    '+bitexact',
    '-f',
    'webm',
    '-',
  ]);
  const [bytes] = await Promise.all([collect(run.stdout), run.done]);
  return { bytes, contentType: 'video/webm' };
}

export interface CallBodyOptions {
  creatorRef?: string;
  creatorName?: string;
  agencyRef?: string;
  agencyName?: string;
  userRef?: string;
  startedAt?: string;
  endedAt?: string;
}

export function callBody(o: CallBodyOptions = {}) {
  return {
    creator: {
      ref: o.creatorRef ?? 'creator-1',
      name: o.creatorName ?? 'Hina',
      agency: { ref: o.agencyRef ?? 'agency-1', name: o.agencyName ?? 'Sakura Talent' },
    },
    user: { ref: o.userRef ?? 'user-1' },
    startedAt: o.startedAt ?? '2026-11-20T10:00:00Z',
    endedAt: o.endedAt ?? '2026-11-20T10:05:00Z',
  };
}

export function putCall(h: Harness, ref: string, body: unknown = callBody()): Promise<Response> {
  return fetch(`${h.baseUrl}/v1/ingest/calls/${encodeURIComponent(ref)}`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function uploadRecording(h: Harness, ref: string, bytes: Buffer, contentType: string | null = 'video/mp4'): Promise<Response> {
  return fetch(`${h.baseUrl}/v1/ingest/calls/${encodeURIComponent(ref)}/recording`, {
    method: 'PUT',
    headers: { ...bearer(), ...(contentType === null ? {} : { 'content-type': contentType }) },
    body: bytes,
  });
}

export function postReport(h: Harness, body: unknown): Promise<Response> {
  return fetch(`${h.baseUrl}/v1/ingest/reports`, {
    method: 'POST',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Puts a call and uploads media to it; returns the recording id. */
export async function ingest(h: Harness, ref: string, media: { bytes: Buffer; contentType: string }): Promise<string> {
  const call = await putCall(h, ref);
  if (call.status !== 201 && call.status !== 200) throw new Error(`PUT call ${ref}: ${call.status} ${await call.text()}`);
  const res = await uploadRecording(h, ref, media.bytes, media.contentType);
  if (res.status !== 201) throw new Error(`PUT recording ${ref}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { recordingId: string }).recordingId;
}

export async function listKeys(h: Harness, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of h.ctx.store.list(prefix)) keys.push(o.key);
  return keys.sort();
}

export async function getObject(h: Harness, key: string): Promise<Buffer> {
  return collect(await h.ctx.store.get(key));
}

export interface ApiError {
  code: string;
  message: string;
  requestId: string;
}

export async function errorOf(res: Response): Promise<ApiError> {
  assertJson(res);
  const body = (await res.json()) as { error: ApiError };
  return body.error;
}

function assertJson(res: Response): void {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new Error(`expected a JSON answer, got ${type || 'no content type'} (${res.status})`);
}

/** Asserts the one error shape: JSON {error:{code,message,requestId}} with the given status. */
export async function expectError(res: Response | Promise<Response>, status: number, code?: string): Promise<ApiError> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  expect(r.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const err = (JSON.parse(text) as { error: ApiError }).error;
  expect(err).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.requestId).toBe(r.headers.get('x-request-id'));
  if (code) expect(err.code).toBe(code);
  return err;
}

/** What a failed request might have left behind: rows in any state, objects, orphan ledger entries. */
export async function leftovers(h: Harness): Promise<{ recordings: number; objects: string[]; orphans: string[] }> {
  const recs = await h.ctx.db.selectFrom('recordings').select('id').execute();
  const orphans = await h.ctx.db.selectFrom('orphan_objects').select('object_key').execute();
  return { recordings: recs.length, objects: await listKeys(h), orphans: orphans.map((o) => o.object_key) };
}

export async function drainJobs(h: Harness): Promise<number> {
  return new Worker(h.ctx, { handlers: jobHandlers }).drain();
}

export async function auditActions(h: Harness): Promise<string[]> {
  const rows = await h.ctx.db.selectFrom('audit_events').select('action').orderBy('seq').execute();
  return rows.map((r) => r.action);
}

/**
 * True if any 64-byte run of `source` appears in `stored`. Rigorous and fast: a run starting at
 * any offset o contains, whole, the 48-byte window that starts at the next multiple of 16
 * (at most o + 15, ending at most at o + 63). So every such aligned window of the source is
 * looked up among the 48-byte windows at EVERY offset of the stored object; random 64-byte
 * probes with indexOf double-check the same thing a different way.
 */
export function sharesA64ByteRun(source: Buffer, stored: Buffer, randomProbes = 200): boolean {
  const W = 48;
  const storedWindows = new Set<string>();
  for (let i = 0; i + W <= stored.length; i++) storedWindows.add(stored.toString('latin1', i, i + W));
  for (let o = 0; o + W <= source.length; o += 16) {
    if (storedWindows.has(source.toString('latin1', o, o + W))) return true;
  }
  for (let n = 0; n < randomProbes && source.length > 64; n++) {
    const o = Math.floor(Math.random() * (source.length - 64));
    if (stored.indexOf(source.subarray(o, o + 64)) !== -1) return true;
  }
  return false;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request with full control over framing: `chunks` are written one by one (chunked unless a
 * content-length header is given). The answer may come before the body is fully sent (an early
 * 413); write errors after that are expected and ignored.
 */
export function rawRequest(
  h: Harness,
  opts: { method: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] },
): Promise<RawResponse> {
  const url = new URL(h.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: opts.method, path: opts.path, headers: opts.headers ?? {} });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    void (async () => {
      for (const chunk of opts.chunks ?? []) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', r).once('close', r));
      }
      if (!req.destroyed) req.end();
    })();
  });
}

/** Same checks as expectError, for a raw response. */
export function expectRawError(res: RawResponse, status: number, code?: string): ApiError {
  expect(res.status, res.body).toBe(status);
  expect(String(res.headers['content-type'] ?? '')).toMatch(/^application\/json/);
  const err = (JSON.parse(res.body) as { error: ApiError }).error;
  expect(err.message.length).toBeGreaterThan(0);
  expect(err.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(err.code).toBe(code);
  return err;
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
