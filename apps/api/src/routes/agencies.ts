import { Hono } from 'hono';
import { ListAgenciesResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { CAN_SEE_RECORDINGS } from '../services/access/policy.ts';
import { agencyOptions } from '../services/agencies/list-agencies.ts';
import { apiDoc } from '../http/openapi.ts';

export function agencyRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_RECORDINGS));
  r.get('/', apiDoc({ summary: 'Agencies (for filters)', responses: { 200: ListAgenciesResponse } }), async (c) =>
    c.json(await agencyOptions(c.var.ctx)),
  );
  return r;
}
