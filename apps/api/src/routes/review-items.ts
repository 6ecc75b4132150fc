import { Hono } from 'hono';
import { z } from 'zod';
import { AssignBody, BulkReviewBody, DecisionBody, ListReviewItemsQuery, ReasonBody } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf, queryOf } from '../http/validate.ts';
import { CAN_LEAD_REVIEWS, CAN_WORK_REVIEWS } from '../services/access/policy.ts';
import { listAssignableStaff } from '../services/review/assignable-staff.ts';
import { bulkReview } from '../services/review/bulk.ts';
import { assignItem, claimItem, claimNext, releaseItem } from '../services/review/claim-item.ts';
import { decideItem } from '../services/review/decide.ts';
import { listReviewItems } from '../services/review/list-items.ts';
import { reopenReviewItem } from '../services/review/reopen.ts';
import { viewReviewItem } from '../services/review/view-item.ts';

const ItemId = z.uuid();

/** The review queue (/api/review-items): moderators and leads; some actions leads only. */
export function reviewItemRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_WORK_REVIEWS));

  r.get('/', async (c) => {
    const q = queryOf(c, ListReviewItemsQuery);
    return c.json(await listReviewItems(c.var.ctx, c.var.staff, q, c.var.requestId));
  });

  r.post('/next', async (c) => {
    const item = await claimNext(c.var.ctx, c.var.staff, c.var.requestId);
    return item ? c.json(item) : c.body(null, 204);
  });

  r.get('/assignable-staff', requireRole(...CAN_LEAD_REVIEWS), async (c) => {
    return c.json(await listAssignableStaff(c.var.ctx, c.var.staff));
  });

  r.post('/bulk', async (c) => {
    const body = await jsonBody(c, BulkReviewBody);
    return c.json(await bulkReview(c.var.ctx, c.var.staff, body, c.var.requestId));
  });

  r.get('/:id', async (c) => {
    const id = paramOf(c, 'id', ItemId);
    return c.json(await viewReviewItem(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post('/:id/claim', async (c) => {
    const id = paramOf(c, 'id', ItemId);
    return c.json(await claimItem(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post('/:id/release', async (c) => {
    const id = paramOf(c, 'id', ItemId);
    return c.json(await releaseItem(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post('/:id/assign', requireRole(...CAN_LEAD_REVIEWS), async (c) => {
    const id = paramOf(c, 'id', ItemId);
    const body = await jsonBody(c, AssignBody);
    return c.json(await assignItem(c.var.ctx, c.var.staff, id, body.staffUserId, c.var.requestId));
  });

  r.post('/:id/decision', async (c) => {
    const id = paramOf(c, 'id', ItemId);
    const body = await jsonBody(c, DecisionBody);
    return c.json(await decideItem(c.var.ctx, c.var.staff, id, body, c.var.requestId), 201);
  });

  r.post('/:id/reopen', requireRole(...CAN_LEAD_REVIEWS), async (c) => {
    const id = paramOf(c, 'id', ItemId);
    const body = await jsonBody(c, ReasonBody);
    return c.json(await reopenReviewItem(c.var.ctx, c.var.staff, id, body.reason, c.var.requestId));
  });

  return r;
}
