import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { leftovers, putCall, waitFor } from '../../../../../test/support/media.ts';

// A call platform that gives up mid-upload is not a server error: the abort is logged as what it
// is, and nothing of the half-sent recording is left behind.

interface LogLine {
  level: number;
  msg: string;
  err?: unknown;
  [k: string]: unknown;
}

let h: Harness;
const lines: LogLine[] = [];

beforeAll(async () => {
  h = await createHarness();
  h.ctx.logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
        cb();
      },
    }),
  );
  expect((await putCall(h, 'call-abort')).status).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

/** Sends `bytes` of a chunked upload, then drops the connection without ending the body. */
async function abortAfter(bytes: number): Promise<string> {
  const url = new URL(h.baseUrl);
  const requestId = `abort-${randomBytes(6).toString('hex')}`;
  const req = http.request({
    host: url.hostname,
    port: url.port,
    method: 'PUT',
    path: '/v1/ingest/calls/call-abort/recording',
    headers: { ...bearer(), 'content-type': 'video/mp4', 'transfer-encoding': 'chunked', 'x-request-id': requestId },
  });
  req.on('error', () => undefined);
  let sent = 0;
  while (sent < bytes) {
    const chunk = randomBytes(Math.min(256 * 1024, bytes - sent));
    sent += chunk.length;
    if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
  }
  // Let the server take in what was sent (and start storing it) before the client vanishes.
  await waitFor('the upload row', async () => (await h.ctx.db.selectFrom('recordings').select('id').execute()).length > 0);
  await new Promise((r) => setTimeout(r, 200));
  req.destroy();
  return requestId;
}

const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId);

describe('a client that aborts its upload', () => {
  it.each([
    ['in the first part', 300 * 1024],
    ['after a multipart upload began', 9 * 1024 * 1024],
  ])('%s: logged as an abort, not a 500 error, and nothing is left behind', async (_label, bytes) => {
    const requestId = await abortAfter(bytes);
    const done = await waitFor('the request to finish', async () => linesOf(requestId).find((l) => l.msg === 'request'));
    const mine = linesOf(requestId);
    expect(mine.filter((l) => l.level >= 50)).toEqual([]);
    const abort = mine.find((l) => l.msg === 'client aborted upload');
    expect(abort).toMatchObject({ level: 40, callRef: 'call-abort' });
    expect(abort).not.toHaveProperty('err');
    expect(done.status).toBe(499);
    expect(await leftovers(h)).toEqual({ recordings: 0, objects: [], orphans: [] });
  });
});
