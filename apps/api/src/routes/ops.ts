import { Hono, type MiddlewareHandler } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { checkReadiness } from '../services/ops/readiness.ts';
import { scrapeMetrics } from '../services/ops/scrape-metrics.ts';

/** Probes for load balancers and orchestrators: no auth, no personal data. */
export function healthRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Liveness: the process answers. Deliberately checks nothing else, so a database outage makes
  // pods unready (taken out of the Service) rather than restarted in a loop.
  r.get('/healthz', (c) => c.json({ status: 'ok' }));
  r.get('/readyz', async (c) => {
    const { ready, checks } = await checkReadiness(c.var.ctx);
    return c.json({ status: ready ? 'ok' : 'unavailable', checks }, ready ? 200 : 503);
  });
  return r;
}

/** Prometheus text exposition, behind `guard` (metricsAuth on the main port, nothing on its own). */
export function metricsRoutes(guard?: MiddlewareHandler<HonoEnv>): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  if (guard) r.use('/metrics', guard);
  r.get('/metrics', async (c) => {
    const { contentType, body } = await scrapeMetrics(c.var.ctx);
    c.header('Content-Type', contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });
  return r;
}
