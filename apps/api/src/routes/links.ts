import { Hono } from 'hono';
import { z } from 'zod';
import { CreateShareLinkBody, CreateShareLinkResponse, ShareLinkDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_SHARE_PACKETS } from '../services/access/policy.ts';
import { createShareLink } from '../services/sharing/create-link.ts';
import { revokeShareLink } from '../services/sharing/revoke-link.ts';
import { apiDoc } from '../http/openapi.ts';

const Id = z.uuid();

/** /api/packets/:id/links: a scoped link for the creator's agency (the token is in this answer only). */
export function packetLinkRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SHARE_PACKETS));

  r.post(
    '/',
    apiDoc({
      summary: "Make a share link for the creator's agency (the token is in this answer only)",
      params: { id: Id },
      body: CreateShareLinkBody,
      responses: { 201: CreateShareLinkResponse },
    }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const body = await jsonBody(c, CreateShareLinkBody);
      const { config } = c.var.ctx;
      const origin = config.publicUrl ?? new URL(c.req.url).origin;
      return c.json(await createShareLink(c.var.ctx, c.var.staff, id, body, origin, c.var.requestId), 201);
    },
  );

  return r;
}

/** /api/links/:id/revoke: takes effect on the agency's next request. */
export function linkRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_SHARE_PACKETS));

  r.post('/:id/revoke', apiDoc({ summary: 'Revoke a share link', params: { id: Id }, responses: { 200: ShareLinkDto } }), async (c) => {
    const id = paramOf(c, 'id', Id);
    return c.json(await revokeShareLink(c.var.ctx, c.var.staff, id, c.var.requestId));
  });

  return r;
}
