import http from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackSource, type LoopbackSource } from './loopback-source.ts';
import { bufferSource, pseudoRandomBytes } from './test-support.ts';

const data = pseudoRandomBytes(100_000, 7);
let server: LoopbackSource | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<{ url: string; source: ReturnType<typeof bufferSource> }> {
  const source = bufferSource(data, 'video/mp4');
  server = await startLoopbackSource(source);
  return { url: server.url, source };
}

describe('startLoopbackSource', () => {
  it('listens on loopback behind a 32-byte hex token', async () => {
    const { url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{64}$/);
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

  it('hides everything but the token path and GET/HEAD', async () => {
    const { url, source } = await start();
    const base = url.slice(0, url.lastIndexOf('/'));
    const token = url.slice(url.lastIndexOf('/') + 1);
    const wrongToken = `${base}/${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    for (const [target, method] of [
      [wrongToken, 'GET'],
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
    const url = server.url;
    const body = await new Promise<http.IncomingMessage>((resolve) => http.get(url, resolve));
    body.on('error', () => {});
    body.resume();
    await server.close();
    await expect.poll(() => endless.destroyed).toBe(true);
    await expect(fetch(url)).rejects.toThrow();
  });
});
