import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../lib/errors.ts';
import type { HonoEnv } from './env.ts';
import { paramOf } from './validate.ts';

// A path parameter PostgreSQL could not even compare (a NUL) is an id that
// cannot exist: 404, the same as any other, never a query that fails with a 500.

const app = new Hono<HonoEnv>();
app.get('/things/:ref', (c) => c.json({ ref: paramOf(c, 'ref', z.string().min(1).max(200)) }));
app.onError((err, c) => c.json({ code: err instanceof AppError ? err.code : 'internal' }, err instanceof AppError ? err.status : 500));

describe('paramOf', () => {
  it.each(['abc%00def', '%00'])('answers %s with not_found', async (segment) => {
    const res = await app.request(`/things/${segment}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found' });
  });

  it('passes an ordinary ref, Unicode included', async () => {
    const res = await app.request(`/things/${encodeURIComponent('user-日向')}`);
    expect(await res.json()).toEqual({ ref: 'user-日向' });
  });
});
