import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import type { HonoEnv } from './env.ts';
import { pipingStreamBodies, streamBody } from './node-body.ts';

// streamBody() + pipingStreamBodies(): a Node body piped into the socket after the middleware
// chain answered, with every header the chain set; the web stream only where there is no socket.

const CHUNK = Buffer.alloc(65_536, 1);

/** 64 KiB chunks; remembers whether anyone read it as an async iterator (the web stream path). */
function body(chunks: number, failAt = -1): Readable & { iterated: boolean } {
  let i = 0;
  const r = new Readable({
    read() {
      if (i === failAt) return void this.destroy(new Error('segment failed authentication'));
      this.push(i++ < chunks ? Buffer.from(CHUNK) : null);
    },
  }) as Readable & { iterated: boolean };
  r.iterated = false;
  const iterate = r[Symbol.asyncIterator].bind(r);
  r[Symbol.asyncIterator] = () => ((r.iterated = true), iterate());
  return r;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(app: Hono<HonoEnv>): Promise<string> {
  server = createServer(getRequestListener(pipingStreamBodies(app.fetch)));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function appWith(make: () => Readable, after?: () => void): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  app.use('*', async (c, next) => {
    c.header('X-Before', 'set before the handler');
    await next();
    c.header('X-After', 'set after the handler');
    after?.();
  });
  app.onError((err, c) => c.json({ error: { code: 'boom', message: err.message } }, 500));
  app.get('/m', (c) => {
    c.status(206);
    c.header('Content-Length', String(4 * CHUNK.length));
    c.header('Content-Type', 'video/mp4');
    return streamBody(c, make());
  });
  return app;
}

describe('streamBody over a Node socket', () => {
  it('pipes the Node stream, with the status and every header the middleware chain set', async () => {
    const b = body(4);
    const base = await serve(appWith(() => b));
    const res = await fetch(`${base}/m`);
    expect(res.status).toBe(206);
    expect(res.headers.get('x-before')).toBe('set before the handler');
    expect(res.headers.get('x-after')).toBe('set after the handler');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-length')).toBe(String(4 * CHUNK.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.concat([CHUNK, CHUNK, CHUNK, CHUNK]))).toBe(true);
    expect(b.iterated).toBe(false);
  });

  it('cuts the connection when the stream fails midway: never short data passed off as whole', async () => {
    const base = await serve(appWith(() => body(4, 2)));
    const res = await fetch(`${base}/m`);
    expect(res.status).toBe(206);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('stops reading when the client hangs up midway', async () => {
    let pushed = 0;
    const endless = new Readable({
      read() {
        pushed++;
        this.push(Buffer.from(CHUNK));
      },
    });
    const base = await serve(appWith(() => endless));
    const ac = new AbortController();
    const res = await fetch(`${base}/m`, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await expect.poll(() => endless.destroyed, { timeout: 5_000 }).toBe(true);
    const after = pushed;
    await new Promise((r) => setTimeout(r, 100));
    expect(pushed).toBe(after);
  });

  it('answers with the error, and destroys the stream unread, when a middleware fails after the handler', async () => {
    const b = body(4);
    const base = await serve(
      appWith(
        () => b,
        () => {
          throw new Error('late failure');
        },
      ),
    );
    const res = await fetch(`${base}/m`);
    expect(res.status).toBe(500);
    // (Hono carries the handler's Content-Length over to the error answer, so its body is cut short.)
    await res.arrayBuffer().catch(() => undefined);
    expect(b.destroyed).toBe(true);
    expect(b.iterated).toBe(false);
  });
});

describe('streamBody without a Node socket (app.request)', () => {
  it('is read as a web stream', async () => {
    const b = body(4);
    const res = await appWith(() => b).request('/m');
    expect(res.status).toBe(206);
    expect((await res.arrayBuffer()).byteLength).toBe(4 * CHUNK.length);
    expect(b.iterated).toBe(true);
  });
});
