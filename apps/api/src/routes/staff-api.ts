import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { jsonBodyLimit } from '../http/json-limit.ts';
import { authRoutes } from './auth.ts';
import { oidcRoutes } from './oidc.ts';
import { agencyRoutes } from './agencies.ts';
import { recordingRoutes } from './recordings.ts';
import { auditRoutes } from './audit.ts';

/** The console's API (/api). Each resource router guards itself with staffSession(). */
export function staffApiRoutes(): Hono<HonoEnv> {
  const api = new Hono<HonoEnv>();
  api.use('*', jsonBodyLimit);
  api.route('/auth', authRoutes());
  api.route('/auth/oidc', oidcRoutes());
  api.route('/agencies', agencyRoutes());
  api.route('/recordings', recordingRoutes());
  api.route('/audit', auditRoutes());
  return api;
}
