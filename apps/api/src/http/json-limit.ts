import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HonoEnv } from './env.ts';
import { errorBody } from './middleware.ts';

/** JSON bodies are small; a large one is refused while streaming, before it fills memory. */
export const JSON_BODY_LIMIT = 64 * 1024;

const limit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: (c) => c.json(errorBody(c as Context<HonoEnv>, 'payload_too_large', `JSON bodies are limited to ${JSON_BODY_LIMIT} bytes`), 413),
});

/**
 * No GET or HEAD handler reads a body, so there is none to limit (the adapter drains what is
 * sent). Asking for `c.req.raw.body` would have @hono/node-server build a whole web Request for
 * each: with the AbortController of ranged-read's old pipeline(), 0.6 ms of CPU per media range
 * (test/bench/README.md, eighth round, fix 26).
 */
export const jsonBodyLimit: MiddlewareHandler<HonoEnv> = (c, next) =>
  c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next);
