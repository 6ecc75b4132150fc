import { Hono, type MiddlewareHandler } from 'hono';
import { HealthDto, ReadinessDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { checkReadiness } from '../services/ops/readiness.ts';
import { scrapeMetrics } from '../services/ops/scrape-metrics.ts';
import { apiDoc } from '../http/openapi.ts';

/** Probes for load balancers and orchestrators: no auth, no personal data. */
export function healthRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Liveness: the process answers. Deliberately checks nothing else, so a database outage makes
  // pods unready (taken out of the Service) rather than restarted in a loop.
  r.get('/healthz', apiDoc({ summary: 'Liveness: the process answers', auth: 'none', responses: { 200: HealthDto } }), (c) =>
    c.json({ status: 'ok' } satisfies HealthDto),
  );
  r.get(
    '/readyz',
    apiDoc({
      summary: 'Readiness: PostgreSQL, the bucket and the key ring',
      description: 'Answers 503 (status `unavailable`) naming each check that failed; why goes to the log only.',
      auth: 'none',
      responses: {
        200: ReadinessDto,
        503: ReadinessDto,
      },
    }),
    async (c) => {
      const { ready, checks } = await checkReadiness(c.var.ctx);
      const body: ReadinessDto = { status: ready ? 'ok' : 'unavailable', checks };
      return c.json(body, ready ? 200 : 503);
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
      summary: 'Prometheus metrics',
      description: 'On the main port only with the metrics token (`Authorization: Bearer`, see the `metricsToken` scheme).',
      auth: 'metrics',
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
