import { Hono } from 'hono';
import { TeamExposureDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { CAN_SEE_TEAM_EXPOSURE } from '../services/access/policy.ts';
import { teamExposureToday } from '../services/exposure/exposure-totals.ts';
import { apiDoc } from '../http/openapi.ts';

/** /api/exposure/team: today's totals for leads, with no per-person figures. */
export function exposureRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_TEAM_EXPOSURE));

  r.get('/team', apiDoc({ summary: "The team's exposure today (no per-person figures)", responses: { 200: TeamExposureDto } }), async (c) =>
    c.json(await teamExposureToday(c.var.ctx)),
  );

  return r;
}
