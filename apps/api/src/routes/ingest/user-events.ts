import { Hono } from 'hono';
import { z } from 'zod';
import { PostUserEventBody } from '@kura/contracts';
import type { HonoEnv } from '../../http/env.ts';
import { jsonBodyLimit } from '../../http/json-limit.ts';
import { jsonBody, paramOf } from '../../http/validate.ts';
import { receiveUserEvent, userEventStatus } from '../../services/rights/user-events.ts';
import { serviceActor } from './audit-context.ts';

/** /v1/ingest/user-events: withdrawal, deletion and disclosure requests, minor status. */
export function userEventRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.post('/', jsonBodyLimit, async (c) => {
    const body = await jsonBody(c, PostUserEventBody);
    const { event, created } = await receiveUserEvent(c.var.ctx, serviceActor(c), body);
    return c.json(event, created ? 201 : 200);
  });
  r.get('/:id', async (c) => {
    const id = paramOf(c, 'id', z.uuid());
    return c.json(await userEventStatus(c.var.ctx, id));
  });
  return r;
}
