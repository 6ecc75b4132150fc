import { Hono, type MiddlewareHandler } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { checkReadiness } from '../services/ops/readiness.ts';
import { scrapeMetrics } from '../services/ops/scrape-metrics.ts';
import { answers, apiDoc } from '../http/openapi.ts';

/** Probes for load balancers and orchestrators: no auth, no personal data. */
export function healthRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Liveness: the process answers. Deliberately checks nothing else, so a database outage makes
  // pods unready (taken out of the Service) rather than restarted in a loop.
  r.get(
    '/healthz',
    apiDoc({ summary: 'Liveness: the process answers', auth: 'none', responses: { 200: answers.json('{status: "ok"}') } }),
    (c) => c.json({ status: 'ok' }),
  );
  r.get(
    '/readyz',
    apiDoc({
      summary: 'Readiness: PostgreSQL, the bucket and the key ring',
      auth: 'none',
      responses: {
        200: answers.json('{status: "ok", checks}'),
        503: answers.json('{status: "unavailable", checks} naming what is not reachable'),
      },
    }),
    async (c) => {
      const { ready, checks } = await checkReadiness(c.var.ctx);
      return c.json({ status: ready ? 'ok' : 'unavailable', checks }, ready ? 200 : 503);
    },
  );
  return r;
}

/** Prometheus text exposition, behind `guard` (metricsAuth on the main port, nothing on its own). */
export function metricsRoutes(guard?: MiddlewareHandler<HonoEnv>): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  if (guard) r.use('/metrics', guard);
  r.get(
    '/metrics',
    apiDoc({
      summary: 'Prometheus metrics (a bearer token on the main port, see KURA_METRICS_*; or a port of its own)',
      auth: 'none',
      responses: { 200: { description: 'Prometheus text exposition', content: { 'text/plain': { type: 'string' } } } },
    }),
    async (c) => {
      const { contentType, body } = await scrapeMetrics(c.var.ctx);
      c.header('Content-Type', contentType);
      c.header('Cache-Control', 'no-store');
      return c.body(body);
    },
  );
  return r;
}
