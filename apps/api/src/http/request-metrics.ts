import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { observeHttpRequest } from '../lib/metrics.ts';
import type { HonoEnv } from './env.ts';

/**
 * Counts and times every request under its route PATTERN (`/v1/share/:token/clips/:clipId`),
 * never the path itself: paths carry share tokens and ids. A request no route answered (the 404
 * handler) is `unmatched`, so probing random paths cannot grow the label set.
 */
export const requestMetrics: MiddlewareHandler<HonoEnv> = async (c, next) => {
  const started = performance.now();
  try {
    await next();
  } finally {
    observeHttpRequest(c.req.method, routeLabel(c), c.res.status, (performance.now() - started) / 1000);
  }
};

function routeLabel(c: Parameters<MiddlewareHandler<HonoEnv>>[0]): string {
  const matched = matchedRoutes(c);
  const answered = matched[c.req.routeIndex];
  if (answered && answered.method !== 'ALL') return answered.path;
  // Middleware (use(), method ALL) answered: it refused (a gate, a rate limit) before the route
  // ran, so the request goes under the route it was meant for; with none, notFound answered.
  return matched.find((r) => r.method !== 'ALL')?.path ?? 'unmatched';
}
