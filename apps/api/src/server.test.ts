import { get } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../test/support/harness.ts';
import { KEEP_ALIVE_MS } from './server.ts';

/** Sends raw bytes and returns the raw answer, for requests no HTTP client would send. */
async function raw(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('HTTP framing errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it.each([
    ['a Content-Length that is not a number', 'PUT /v1/ingest/calls/c1/recording HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
    // Node accepts it; no URL can be built from it, so the adapter used to answer an empty 400.
    ['a Host header that names no host', 'GET /healthz HTTP/1.1\r\nHost: <script>\r\nConnection: close\r\n\r\n'],
  ])('answers %s with a JSON 400', async (_label, request) => {
    const answer = await raw(h.baseUrl, request);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(head).toMatch(/cache-control: no-store/i);
    expect(JSON.parse(body!)).toMatchObject({ error: { code: 'bad_request', message: expect.any(String), requestId: expect.any(String) } });
  });
});

describe('keep-alive', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h.close());

  it('keeps an idle connection for 65 s, beyond a load balancer idle timeout of 60 s, and says so', async () => {
    const headers = await new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
      get(`${h.baseUrl}/healthz`, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      }).on('error', reject);
    });
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    expect(headers.connection).toBe('keep-alive');
    expect(headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_MS / 1000}`);
  });
});
