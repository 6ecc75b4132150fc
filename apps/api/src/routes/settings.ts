import { Hono } from 'hono';
import { UpdateReviewSettingsBody, ReviewSettingsDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody } from '../http/validate.ts';
import { CAN_CHANGE_SETTINGS } from '../services/access/policy.ts';
import { getReviewSettings, updateReviewSettings } from '../services/settings/review-settings.ts';
import { apiDoc } from '../http/openapi.ts';

/**
 * /api/settings: organisation-wide settings, admins only. Everyone else gets the wellbeing
 * defaults that apply to them through /api/me/preferences.
 */
export function settingsRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_CHANGE_SETTINGS));

  r.get('/review', apiDoc({ summary: 'Review settings', responses: { 200: ReviewSettingsDto } }), async (c) =>
    c.json(await getReviewSettings(c.var.ctx)),
  );

  r.put(
    '/review',
    apiDoc({ summary: 'Change review settings', body: UpdateReviewSettingsBody, responses: { 200: ReviewSettingsDto } }),
    async (c) => {
      const body = await jsonBody(c, UpdateReviewSettingsBody);
      return c.json(await updateReviewSettings(c.var.ctx, c.var.staff, body, c.var.requestId));
    },
  );

  return r;
}
