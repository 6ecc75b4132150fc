import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.ts';
import type { HonoEnv } from './env.ts';

/**
 * /metrics on the main (public) port: only with `Authorization: Bearer <KURA_METRICS_TOKEN>`, and
 * not at all when no token is configured. On its own port (KURA_METRICS_PORT) it is open: that
 * port is meant to be reachable only by the scraper.
 */
export function metricsAuth(token: string | undefined): MiddlewareHandler<HonoEnv> {
  const expected = token === undefined ? null : createHash('sha256').update(token, 'utf8').digest();
  return async (c, next) => {
    if (!expected) throw new AppError(404, 'not_found', 'metrics are not served on this port');
    const m = /^Bearer\s+(\S{1,512})$/i.exec(c.req.header('authorization') ?? '');
    const presented = createHash('sha256')
      .update(m?.[1] ?? '', 'utf8')
      .digest();
    if (!m || !timingSafeEqual(presented, expected)) {
      throw new AppError(401, 'unauthorized', 'the metrics token is required', undefined, {
        'WWW-Authenticate': 'Bearer realm="kura-metrics"',
      });
    }
    await next();
  };
}
