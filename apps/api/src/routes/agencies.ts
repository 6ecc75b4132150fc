import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { CAN_SEE_RECORDINGS } from '../services/access/policy.ts';
import { agencyOptions } from '../services/agencies/list-agencies.ts';

export function agencyRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_RECORDINGS));
  r.get('/', async (c) => c.json(await agencyOptions(c.var.ctx)));
  return r;
}
