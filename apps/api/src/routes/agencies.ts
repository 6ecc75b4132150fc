import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { listAgencies } from '../repositories/db/recording-queries.ts';
import { CAN_SEE_RECORDINGS } from '../services/access/policy.ts';

export function agencyRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_RECORDINGS));
  r.get('/', async (c) => c.json({ items: await listAgencies(c.var.ctx.db) }));
  return r;
}
