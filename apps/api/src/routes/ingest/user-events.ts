import { Hono } from 'hono';
import { z } from 'zod';
import { PostUserEventBody, UserEventDto } from '@kura/contracts';
import type { HonoEnv } from '../../http/env.ts';
import { jsonBodyLimit } from '../../http/json-limit.ts';
import { jsonBody, paramOf } from '../../http/validate.ts';
import { receiveUserEvent, userEventStatus } from '../../services/rights/user-events.ts';
import { serviceActor } from './audit-context.ts';
import { apiDoc } from '../../http/openapi.ts';

const EventId = z.uuid();

/** /v1/ingest/user-events: withdrawal, deletion and disclosure requests, minor status. */
export function userEventRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.post(
    '/',
    apiDoc({
      summary: 'A user event: withdrawal, deletion or disclosure request, minor status',
      body: PostUserEventBody,
      description: 'Answers 201 for a new event, 200 with the first event when `requestRef` was seen before.',
      responses: { 200: UserEventDto, 201: UserEventDto },
    }),
    jsonBodyLimit,
    async (c) => {
      const body = await jsonBody(c, PostUserEventBody);
      const { event, created } = await receiveUserEvent(c.var.ctx, serviceActor(c), body);
      return c.json(event, created ? 201 : 200);
    },
  );
  r.get('/:id', apiDoc({ summary: "A user event's status", params: { id: EventId }, responses: { 200: UserEventDto } }), async (c) => {
    const id = paramOf(c, 'id', EventId);
    return c.json(await userEventStatus(c.var.ctx, id));
  });
  return r;
}
