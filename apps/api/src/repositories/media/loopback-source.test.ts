import { spawn } from 'node:child_process';
import http from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackSource, type LoopbackSource } from './loopback-source.ts';
import { bufferSource, failingSource, pseudoRandomBytes } from './test-support.ts';

// These tests read the source from the test process itself, so most of them admit it: the
// guard lets in whichever process holds the client end of the connection, and here that is us.

const data = pseudoRandomBytes(100_000, 7);
let server: LoopbackSource | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(opts: { admitSelf?: boolean } = {}): Promise<{ url: string; source: ReturnType<typeof bufferSource> }> {
  const source = bufferSource(data, 'video/mp4');
  server = await startLoopbackSource(source);
  if (opts.admitSelf !== false) server.admit(process.pid);
  return { url: server.url, source };
}

/** Status and body length of one GET, with a fresh connection each time. */
async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number }> {
  const res = await fetch(url, { headers });
  return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
}

describe('startLoopbackSource', () => {
  it('listens on loopback at a fixed path: the URL is no secret', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media$/);
  });

  it('answers a process it has not admitted with an empty 404 and opens nothing', async () => {
    const { url, source } = await start({ admitSelf: false });
    expect(await get(url)).toEqual({ status: 404, bytes: 0 });
    expect(await get(url, { range: 'bytes=0-' })).toEqual({ status: 404, bytes: 0 });
    expect(source.opened).toHaveLength(0);
  });

  it('answers only the admitted process, not another one asking with the same URL', async () => {
    const { url, source } = await start({ admitSelf: false });
    const other = spawn('/bin/sleep', ['30'], { stdio: 'ignore' });
    try {
      const revoke = server!.admit(other.pid!);
      expect(await get(url)).toEqual({ status: 404, bytes: 0 });
      revoke();
    } finally {
      other.kill('SIGKILL');
    }
    expect(source.opened).toHaveLength(0);
  });

  it('stops answering a process once its admission is revoked', async () => {
    const { url } = await start({ admitSelf: false });
    const revoke = server!.admit(process.pid);
    expect(await get(url, { range: 'bytes=0-9' })).toEqual({ status: 206, bytes: 10 });
    revoke();
    expect(await get(url, { range: 'bytes=0-9' })).toEqual({ status: 404, bytes: 0 });
  });

  it('admissions of the same process count: one revoke leaves the other standing', async () => {
    const { url } = await start({ admitSelf: false });
    const first = server!.admit(process.pid);
    const second = server!.admit(process.pid);
    first();
    first();
    expect((await get(url)).status).toBe(200);
    second();
    expect((await get(url)).status).toBe(404);
  });

  it.each([
    ['no range', undefined, 200, 0, data.length - 1, undefined],
    ['first byte', 'bytes=0-0', 206, 0, 0, `bytes 0-0/${data.length}`],
    [
      'last byte',
      `bytes=${data.length - 1}-${data.length - 1}`,
      206,
      data.length - 1,
      data.length - 1,
      `bytes ${data.length - 1}-${data.length - 1}/${data.length}`,
    ],
    ['open range', 'bytes=99000-', 206, 99_000, data.length - 1, `bytes 99000-${data.length - 1}/${data.length}`],
    ['suffix', 'bytes=-500', 206, data.length - 500, data.length - 1, `bytes ${data.length - 500}-${data.length - 1}/${data.length}`],
    ['middle', 'bytes=1234-56789', 206, 1234, 56_789, `bytes 1234-56789/${data.length}`],
  ])('GET with %s', async (_name, range, status, start_, end, contentRange) => {
    const { url } = await start();
    const res = await fetch(url, { headers: range ? { range } : {} });
    expect(res.status).toBe(status);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-range') ?? undefined).toBe(contentRange);
    expect(Number(res.headers.get('content-length'))).toBe(end - start_ + 1);
    expect(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start_, end + 1))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const { url, source } = await start();
    const res = await fetch(url, { headers: { range: `bytes=${data.length}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${data.length}`);
    expect(source.opened).toHaveLength(0);
  });

  it('answers HEAD with headers only and opens no stream', async () => {
    const { url, source } = await start();
    const res = await fetch(url, { method: 'HEAD', headers: { range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBe('10');
    expect(res.headers.get('content-range')).toBe(`bytes 10-19/${data.length}`);
    expect(source.opened).toHaveLength(0);
  });

  it('hides everything but its path and GET/HEAD, even from an admitted process', async () => {
    const { url, source } = await start();
    const base = url.slice(0, url.lastIndexOf('/'));
    for (const [target, method] of [
      [`${base}/medib`, 'GET'],
      [`${base}/`, 'GET'],
      [`${url}/x`, 'GET'],
      [`${url}?a=1`, 'GET'],
      [url, 'POST'],
      [url, 'DELETE'],
    ] as const) {
      const res = await fetch(target, { method });
      expect(res.status, `${method} ${target}`).toBe(404);
      await res.arrayBuffer();
    }
    expect(source.opened).toHaveLength(0);
  });

  it('destroys the source stream when the client disconnects mid-body', async () => {
    let opened: { stream: Readable; signal: AbortSignal } | undefined;
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
      },
    });
    server = await startLoopbackSource({
      size: 1e12,
      contentType: 'video/mp4',
      async openRange(_start, _end, signal) {
        opened = { stream: endless, signal };
        return endless;
      },
    });
    server.admit(process.pid);
    const url = server.url;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, { headers: { range: 'bytes=0-' } }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => {});
      setTimeout(() => reject(new Error('no data')), 5_000);
    });
    await expect.poll(() => opened?.stream.destroyed).toBe(true);
    expect(opened?.signal.aborted).toBe(true);
  });

  it('close() ends open responses and the server', async () => {
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1024));
      },
    });
    server = await startLoopbackSource({ size: 1e12, contentType: 'video/mp4', openRange: async () => endless });
    server.admit(process.pid);
    const url = server.url;
    const body = await new Promise<http.IncomingMessage>((resolve) => http.get(url, resolve));
    body.on('error', () => {});
    body.resume();
    await server.close();
    await expect.poll(() => endless.destroyed).toBe(true);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('remembers that serving failed on its side, and not when the reader merely left', async () => {
    server = await startLoopbackSource(failingSource(data, { failAfter: 50_000 }));
    server.admit(process.pid);
    // A reader that leaves early is no failure.
    const partial = await fetch(server.url, { headers: { range: 'bytes=0-999' } });
    expect(Buffer.from(await partial.arrayBuffer()).length).toBe(1000);
    expect(server.sourceFailed()).toBe(false);
    // The source breaking off mid-body is: the body is cut short, and the flag is up.
    await expect(fetch(server.url).then((r) => r.arrayBuffer())).rejects.toThrow();
    expect(server.sourceFailed()).toBe(true);
  });
});
