import { Hono } from 'hono';
import { z } from 'zod';
import { CreateFlagBody, ReasonBody, UpdateFlagBody, FlagDto, ListFlagsResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_FLAG } from '../services/access/policy.ts';
import { createFlag } from '../services/flags/create-flag.ts';
import { editFlag } from '../services/flags/edit-flag.ts';
import { listFlags } from '../services/flags/list-flags.ts';
import { retractFlag } from '../services/flags/retract-flag.ts';
import { apiDoc } from '../http/openapi.ts';

const Id = z.uuid();

/** /api/recordings/:id/flags: a recording's flags, and new ones. */
export function recordingFlagRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_FLAG));

  r.get('/', apiDoc({ summary: "A recording's flags", params: { id: Id }, responses: { 200: ListFlagsResponse } }), async (c) => {
    const id = paramOf(c, 'id', Id);
    return c.json(await listFlags(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  r.post(
    '/',
    apiDoc({ summary: 'Flag conduct on a time range', params: { id: Id }, body: CreateFlagBody, responses: { 201: FlagDto } }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, CreateFlagBody);
      return c.json(await createFlag(c.var.ctx, c.var.staff, id, body, c.var.requestId), 201);
    },
  );

  return r;
}

/** /api/flags/:id: edit (a new version) and retract (kept, marked). */
export function flagRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_FLAG));

  r.patch(
    '/:id',
    apiDoc({ summary: 'Edit a flag (a new version)', params: { id: Id }, body: UpdateFlagBody, responses: { 200: FlagDto } }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, UpdateFlagBody);
      return c.json(await editFlag(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  r.post(
    '/:id/retract',
    apiDoc({ summary: 'Retract a flag', params: { id: Id }, body: ReasonBody, responses: { 200: FlagDto } }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, ReasonBody);
      return c.json(await retractFlag(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  return r;
}
