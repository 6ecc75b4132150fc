import { randomUUID } from 'node:crypto';
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import type { AppContext } from '../context.ts';
import type { HonoEnv } from './env.ts';
import { AppError, ClientAbortedError } from '../lib/errors.ts';
import { redactPath } from '../lib/redact-path.ts';

// A client may propose the request id (the call platform correlates with it), and it goes into
// the log and every audit row of the request: only a short token is kept, 8 to 64 of
// [A-Za-z0-9._-], starting with a letter or digit and without '..', so it can never pass for a
// path, a hidden file or anything but an opaque label. Anything else gets a fresh uuid.
const SAFE_REQUEST_ID = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{7,63}$/;

export function contextMiddleware(ctx: AppContext): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('ctx', ctx);
    c.set('requestId', requestId);
    c.set('log', ctx.logger.child({ requestId }));
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    // Share tokens are in the path: the log gets `/v1/share/:token/…`, never the token.
    c.get('log').info(
      { method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}

/**
 * Nothing under /api or /v1 may be kept by a browser or a proxy cache: personal data, audit rows,
 * CSRF tokens. Set after the handler ran, so errors (answered by onError and onNotFound) get it
 * too; a handler that already chose a value with no-store in it (media: private, no-store) keeps it.
 */
export const noStore: MiddlewareHandler<HonoEnv> = async (c, next) => {
  await next();
  if (!/\bno-store\b/.test(c.res.headers.get('Cache-Control') ?? '')) setAnsweredHeader(c, 'Cache-Control', 'no-store');
};

/**
 * A header on a response already answered, set on its headers in place. `c.header()` after the
 * handler has answered makes Hono copy the response, which has @hono/node-server build a whole web
 * Response with a ReadableStream body and send that chunk by chunk instead of writing the string
 * at once: the session request went from 0.45 to 0.32–0.35 ms of CPU with this alone
 * (test/bench/README.md, tenth round, fix 29). Hono's secureHeaders sets its headers the same way.
 */
export function setAnsweredHeader(c: Context<HonoEnv>, name: string, value: string): void {
  c.res.headers.set(name, value);
}

export function errorBody(c: Context<HonoEnv>, code: string, message: string, details?: unknown) {
  return { error: { code, message, requestId: c.get('requestId') ?? 'unknown', ...(details === undefined ? {} : { details }) } };
}

const CLIENT_CLOSED_REQUEST = 499 as ContentfulStatusCode;

/** Every error is JSON in one shape; only AppErrors say why, anything else is a bare 500. */
export const onError: ErrorHandler<HonoEnv> = (err, c) => {
  if (err instanceof AppError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  }
  if (err instanceof ClientAbortedError) {
    // 499 (nginx's "client closed request") for the request log; the socket is gone anyway.
    (c.get('log') ?? console).warn(err.context, err.message);
    return c.json(errorBody(c, 'client_aborted', err.message), CLIENT_CLOSED_REQUEST);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status >= 500 ? 'internal' : 'bad_request';
    return c.json(errorBody(c, code, status >= 500 ? 'internal error' : err.message || code), status);
  }
  (c.get('log') ?? console).error({ err }, 'unhandled error');
  return c.json(errorBody(c, 'internal', 'internal error'), 500);
};

export const onNotFound: NotFoundHandler<HonoEnv> = (c) => c.json(errorBody(c, 'not_found', 'no such route'), 404);
