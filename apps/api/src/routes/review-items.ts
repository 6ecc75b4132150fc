import { Hono } from 'hono';
import { z } from 'zod';
import {
  AssignBody,
  BulkReviewBody,
  DecisionBody,
  ListReviewItemsQuery,
  ReasonBody,
  BulkReviewResponse,
  DecisionDto,
  ListReviewItemsResponse,
  ReviewItemDetailDto,
  AssignableStaffResponse,
} from '@kura/contracts';
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
import { apiDoc, answers } from '../http/openapi.ts';

const ItemId = z.uuid();

/** The review queue (/api/review-items): moderators and leads; some actions leads only. */
export function reviewItemRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_WORK_REVIEWS));

  r.get(
    '/',
    apiDoc({ summary: 'The review queue', query: ListReviewItemsQuery, responses: { 200: ListReviewItemsResponse } }),
    async (c) => {
      const q = queryOf(c, ListReviewItemsQuery);
      return c.json(await listReviewItems(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );

  r.post(
    '/next',
    apiDoc({ summary: 'Claim the most urgent claimable item', responses: { 200: ReviewItemDetailDto, 204: answers.noContent } }),
    async (c) => {
      const item = await claimNext(c.var.ctx, c.var.staff, c.var.requestId);
      return item ? c.json(item) : c.body(null, 204);
    },
  );

  r.get(
    '/assignable-staff',
    apiDoc({ summary: 'Reviewers an item may be assigned to', responses: { 200: AssignableStaffResponse } }),
    requireRole(...CAN_LEAD_REVIEWS),
    async (c) => {
      return c.json(await listAssignableStaff(c.var.ctx, c.var.staff));
    },
  );

  r.post(
    '/bulk',
    apiDoc({ summary: 'Assign or close several items', body: BulkReviewBody, responses: { 200: BulkReviewResponse } }),
    async (c) => {
      const body = await jsonBody(c, BulkReviewBody);
      return c.json(await bulkReview(c.var.ctx, c.var.staff, body, c.var.requestId));
    },
  );

  r.get('/:id', apiDoc({ summary: 'One review item', params: { id: ItemId }, responses: { 200: ReviewItemDetailDto } }), async (c) => {
    const id = paramOf(c, 'id', ItemId);
    return c.json(await viewReviewItem(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post('/:id/claim', apiDoc({ summary: 'Claim an item', params: { id: ItemId }, responses: { 200: ReviewItemDetailDto } }), async (c) => {
    const id = paramOf(c, 'id', ItemId);
    return c.json(await claimItem(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post(
    '/:id/release',
    apiDoc({ summary: 'Release a claim', params: { id: ItemId }, responses: { 200: ReviewItemDetailDto } }),
    async (c) => {
      const id = paramOf(c, 'id', ItemId);
      return c.json(await releaseItem(c.var.ctx, c.var.staff, id, c.var.requestId));
    },
  );

  r.post(
    '/:id/assign',
    apiDoc({ summary: 'Assign an item', params: { id: ItemId }, body: AssignBody, responses: { 200: ReviewItemDetailDto } }),
    requireRole(...CAN_LEAD_REVIEWS),
    async (c) => {
      const id = paramOf(c, 'id', ItemId);
      const body = await jsonBody(c, AssignBody);
      return c.json(await assignItem(c.var.ctx, c.var.staff, id, body.staffUserId, c.var.requestId));
    },
  );

  r.post(
    '/:id/decision',
    apiDoc({ summary: 'Decide an item', params: { id: ItemId }, body: DecisionBody, responses: { 201: DecisionDto } }),
    async (c) => {
      const id = paramOf(c, 'id', ItemId);
      const body = await jsonBody(c, DecisionBody);
      return c.json(await decideItem(c.var.ctx, c.var.staff, id, body, c.var.requestId), 201);
    },
  );

  r.post(
    '/:id/reopen',
    apiDoc({ summary: 'Reopen a decided item', params: { id: ItemId }, body: ReasonBody, responses: { 200: ReviewItemDetailDto } }),
    requireRole(...CAN_LEAD_REVIEWS),
    async (c) => {
      const id = paramOf(c, 'id', ItemId);
      const body = await jsonBody(c, ReasonBody);
      return c.json(await reopenReviewItem(c.var.ctx, c.var.staff, id, body.reason, c.var.requestId));
    },
  );

  return r;
}
