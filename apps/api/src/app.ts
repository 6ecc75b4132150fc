import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from './context.ts';
import type { HonoEnv } from './http/env.ts';
import { contextMiddleware, noStore, onError, onNotFound } from './http/middleware.ts';
import { metricsAuth } from './http/metrics-auth.ts';
import { requestMetrics } from './http/request-metrics.ts';
import { shareHeaders } from './http/share-headers.ts';
import { ingestRoutes } from './routes/ingest/index.ts';
import { staffApiRoutes } from './routes/staff-api.ts';
import { consoleRoutes } from './routes/console-static.ts';
import { wellKnownRoutes } from './routes/well-known.ts';
import { shareRoutes } from './routes/share.ts';
import { healthRoutes, metricsRoutes } from './routes/ops.ts';

export interface AppOptions {
  /** Built console to serve on the same port; absent in API-only tests. */
  consoleDir?: string;
}

export function createApp(ctx: AppContext, opts: AppOptions = {}): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  app.use('*', contextMiddleware(ctx));
  app.use('*', requestMetrics);
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'blob:', 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  app.onError(onError);
  app.notFound(onNotFound);

  app.use('/api/*', noStore);
  app.use('/v1/*', noStore);
  app.use('/share/*', shareHeaders);
  app.use('/v1/share/*', shareHeaders);
  app.route('/', healthRoutes());
  // With a metrics port of its own, the public port never serves /metrics, token or not.
  app.route('/', metricsRoutes(metricsAuth(ctx.config.metricsPort === undefined ? ctx.config.metricsToken : undefined)));
  app.route('/v1/ingest', ingestRoutes());
  app.route('/v1/share', shareRoutes());
  app.route('/api', staffApiRoutes());
  app.route('/.well-known', wellKnownRoutes());
  if (opts.consoleDir) app.route('/', consoleRoutes(opts.consoleDir));
  return app;
}

/** /metrics (open) and the probes, for KURA_METRICS_PORT: a port only the scraper should reach. */
export function createMetricsApp(ctx: AppContext): Hono<HonoEnv> {
  const app = new Hono<HonoEnv>();
  app.use('*', contextMiddleware(ctx));
  app.onError(onError);
  app.notFound(onNotFound);
  app.route('/', healthRoutes());
  app.route('/', metricsRoutes());
  return app;
}
