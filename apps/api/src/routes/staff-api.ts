import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { jsonBodyLimit } from '../http/json-limit.ts';
import { authRoutes } from './auth.ts';
import { oidcRoutes } from './oidc.ts';
import { agencyRoutes } from './agencies.ts';
import { recordingMediaRoutes, recordingRoutes } from './recordings.ts';
import { auditRoutes } from './audit.ts';
import { reviewItemRoutes } from './review-items.ts';
import { flagRoutes, recordingFlagRoutes } from './flags.ts';
import { holdRoutes, recordingHoldRoutes } from './holds.ts';
import { reviewContextRoutes } from './review-context.ts';
import { accountRoutes } from './accounts.ts';
import { meRoutes } from './me.ts';
import { staffRoutes } from './staff.ts';
import { settingsRoutes } from './settings.ts';
import { exposureRoutes } from './exposure.ts';
import { packetRoutes } from './packets.ts';
import { linkRoutes, packetLinkRoutes } from './links.ts';
import { provisionRecordRoutes } from './provision-records.ts';
import { upcomingDeletionRoutes } from './retention-upcoming.ts';
import { disclosureRoutes } from './disclosures.ts';
import { retentionRoutes } from './retention.ts';

/** The console's API (/api). Each resource router guards itself with staffSession(). */
export function staffApiRoutes(): Hono<HonoEnv> {
  const api = new Hono<HonoEnv>();
  api.use('*', jsonBodyLimit);
  api.route('/auth', authRoutes());
  api.route('/auth/oidc', oidcRoutes());
  api.route('/agencies', agencyRoutes());
  // Sub-resources before their parent: Hono runs middleware in the order routers are mounted,
  // and each of these guards itself with its own roles.
  api.route('/recordings/:id/flags', recordingFlagRoutes());
  api.route('/recordings/:id/holds', recordingHoldRoutes());
  api.route('/recordings', recordingMediaRoutes());
  api.route('/recordings', recordingRoutes());
  api.route('/flags', flagRoutes());
  api.route('/holds', holdRoutes());
  api.route('/review-items/:id/context', reviewContextRoutes());
  api.route('/packets/:id/links', packetLinkRoutes());
  api.route('/accounts', accountRoutes());
  api.route('/me', meRoutes());
  api.route('/staff', staffRoutes());
  api.route('/settings', settingsRoutes());
  api.route('/exposure', exposureRoutes());
  api.route('/audit', auditRoutes());
  api.route('/review-items', reviewItemRoutes());
  api.route('/packets', packetRoutes());
  api.route('/links', linkRoutes());
  api.route('/provision-records', provisionRecordRoutes());
  api.route('/retention/upcoming', upcomingDeletionRoutes());
  api.route('/disclosures', disclosureRoutes());
  api.route('/retention', retentionRoutes());
  return api;
}
