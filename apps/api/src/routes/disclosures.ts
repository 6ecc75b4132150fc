import { Hono } from 'hono';
import { z } from 'zod';
import { DisclosureExportDto, DisclosureRequestDto, ListDisclosureRequestsQuery, ListDisclosureRequestsResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { paramOf, queryOf } from '../http/validate.ts';
import { CAN_HANDLE_DISCLOSURES } from '../services/access/policy.ts';
import { getDisclosure, listDisclosures, produceDisclosure } from '../services/rights/disclosure.ts';
import { apiDoc } from '../http/openapi.ts';

const Id = z.uuid();

/** /api/disclosures: users' disclosure requests (開示請求) and their exports. */
export function disclosureRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_HANDLE_DISCLOSURES));

  r.get(
    '/',
    apiDoc({
      summary: "Users' disclosure requests (開示請求)",
      query: ListDisclosureRequestsQuery,
      responses: { 200: ListDisclosureRequestsResponse },
    }),
    async (c) => {
      const q = queryOf(c, ListDisclosureRequestsQuery);
      return c.json(await listDisclosures(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );
  r.get('/:id', apiDoc({ summary: 'One disclosure request', params: { id: Id }, responses: { 200: DisclosureRequestDto } }), async (c) => {
    const id = paramOf(c, 'id', Id);
    return c.json(await getDisclosure(c.var.ctx, c.var.staff, id, c.var.requestId));
  });
  // POST: producing the export changes the request (done) and is audited, so it is no GET.
  r.post(
    '/:id/export',
    apiDoc({
      summary: 'Produce the disclosure export (marks the request done)',
      params: { id: Id },
      responses: { 200: DisclosureExportDto },
    }),
    async (c) => {
      const id = paramOf(c, 'id', Id);
      const doc = await produceDisclosure(c.var.ctx, c.var.staff, id, c.var.requestId);
      c.header('Content-Disposition', `attachment; filename="disclosure-${id}.json"`);
      return c.json(doc);
    },
  );
  return r;
}
