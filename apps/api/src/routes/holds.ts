import { Hono } from 'hono';
import { z } from 'zod';
import { ReasonBody, HoldDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_PLACE_HOLDS } from '../services/access/policy.ts';
import { placeHold } from '../services/holds/place-hold.ts';
import { releaseHold } from '../services/holds/release-hold.ts';
import { apiDoc } from '../http/openapi.ts';

const Id = z.uuid();

/** /api/recordings/:id/holds: a lead places a legal hold on a recording. */
export function recordingHoldRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_PLACE_HOLDS));

  r.post('/', apiDoc({ summary: 'Place a legal hold', params: { id: Id }, body: ReasonBody, responses: { 201: HoldDto } }), async (c) => {
    const id = paramOf(c, 'id', Id);
    const body = await jsonBody(c, ReasonBody);
    return c.json(await placeHold(c.var.ctx, c.var.staff, id, body, c.var.requestId), 201);
  });

  return r;
}

/** /api/holds/:id/release: a lead releases a hold, with a reason. */
export function holdRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_PLACE_HOLDS));

  r.post(
    '/:id/release',
    apiDoc({ summary: 'Release a legal hold', params: { id: Id }, body: ReasonBody, responses: { 200: HoldDto } }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, ReasonBody);
      return c.json(await releaseHold(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  return r;
}
