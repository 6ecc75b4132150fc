import { Hono } from 'hono';
import { ListUpcomingDeletionsQuery, ListUpcomingDeletionsResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { queryOf } from '../http/validate.ts';
import { CAN_SEE_UPCOMING_DELETIONS } from '../services/access/policy.ts';
import { upcomingDeletions } from '../services/rights/upcoming-deletions.ts';
import { apiDoc } from '../http/openapi.ts';

/** /api/retention/upcoming: what the retention job destroys in the next days unless held. */
export function upcomingDeletionRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_UPCOMING_DELETIONS));
  r.get(
    '/',
    apiDoc({
      summary: 'What the retention job destroys in the next days unless held',
      query: ListUpcomingDeletionsQuery,
      responses: { 200: ListUpcomingDeletionsResponse },
    }),
    async (c) => {
      const q = queryOf(c, ListUpcomingDeletionsQuery);
      return c.json(await upcomingDeletions(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );
  return r;
}
