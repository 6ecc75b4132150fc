import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './env.ts';
import { setAnsweredHeader } from './middleware.ts';

/**
 * The agency's page and API (/share/*, /v1/share/*): a token in the URL must not leak through a
 * Referer, a search engine or a cache. The app-wide CSP (app.ts) already allows no third-party
 * origin; these headers are what the share paths add, errors included.
 */
export const shareHeaders: MiddlewareHandler<HonoEnv> = async (c, next) => {
  await next();
  setAnsweredHeader(c, 'Referrer-Policy', 'no-referrer');
  setAnsweredHeader(c, 'X-Robots-Tag', 'noindex, nofollow');
  if (!/\bno-store\b/.test(c.res.headers.get('Cache-Control') ?? '')) setAnsweredHeader(c, 'Cache-Control', 'no-store');
};
