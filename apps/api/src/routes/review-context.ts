import { Hono } from 'hono';
import { ReviewContextDto } from '@kura/contracts';
import { z } from 'zod';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { paramOf } from '../http/validate.ts';
import { CAN_SEE_REVIEW_CONTEXT } from '../services/access/policy.ts';
import { reviewContext } from '../services/review-context/review-context.ts';
import { apiDoc } from '../http/openapi.ts';

const ItemId = z.uuid();

/** /api/review-items/:id/context: the accounts' other calls and notes beside an item. */
export function reviewContextRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SEE_REVIEW_CONTEXT));

  r.get(
    '/',
    apiDoc({
      summary: "The accounts' other calls and notes beside an item",
      params: { id: ItemId },
      responses: { 200: ReviewContextDto },
    }),
    async (c) => {
      const id = paramOf(c, 'id', ItemId);
      return c.json(await reviewContext(c.var.ctx, c.var.staff, id, c.var.requestId));
    },
  );

  return r;
}
