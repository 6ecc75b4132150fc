import { Hono } from 'hono';
import type { HonoEnv } from '../../http/env.ts';
import { serviceAuth } from '../../http/service-auth.ts';
import { callRoutes } from './calls.ts';
import { decisionFeedRoutes } from './decisions.ts';
import { reportRoutes } from './reports.ts';
import { userEventRoutes } from './user-events.ts';

/** The call platform's API (/v1/ingest), service-token only. */
export function ingestRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', serviceAuth());
  r.route('/calls', callRoutes());
  r.route('/reports', reportRoutes());
  r.route('/decisions', decisionFeedRoutes());
  r.route('/user-events', userEventRoutes());
  return r;
}
