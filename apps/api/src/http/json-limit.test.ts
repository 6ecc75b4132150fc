import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { HonoEnv } from './env.ts';
import { JSON_BODY_LIMIT, jsonBodyLimit } from './json-limit.ts';

const app = new Hono<HonoEnv>();
app.use('*', jsonBodyLimit);
app.post('/notes', async (c) => c.json({ bytes: (await c.req.text()).length }));

const post = (bytes: number, headers: Record<string, string> = {}) =>
  app.request('/notes', { method: 'POST', body: 'x'.repeat(bytes), headers: { 'content-type': 'application/json', ...headers } });

describe('jsonBodyLimit', () => {
  it('passes a body within the limit', async () => {
    const res = await post(JSON_BODY_LIMIT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: JSON_BODY_LIMIT });
  });

  it('refuses a larger one with a JSON 413, by its Content-Length', async () => {
    const res = await post(JSON_BODY_LIMIT + 1, { 'content-length': String(JSON_BODY_LIMIT + 1) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a larger one sent without a Content-Length, while it streams', async () => {
    const chunks = [new Uint8Array(JSON_BODY_LIMIT), new Uint8Array(10)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await app.request('/notes', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });
});
