import { Hono } from 'hono';
import { ListAuditEventsQuery, AuditVerifyResponse, ListAuditEventsResponse, LatestCheckpointResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { queryOf } from '../http/validate.ts';
import { CAN_READ_AUDIT } from '../services/access/policy.ts';
import { listAuditEvents } from '../services/audit/list-events.ts';
import { verifyChainForStaff } from '../services/audit/verify-chain.ts';
import { latestCheckpoint } from '../services/audit/verify-checkpoints.ts';
import { apiDoc } from '../http/openapi.ts';

export function auditRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_READ_AUDIT));

  r.get('/verify', apiDoc({ summary: 'Verify the audit chain', responses: { 200: AuditVerifyResponse } }), async (c) =>
    c.json(await verifyChainForStaff(c.var.ctx, c.var.staff, c.var.requestId)),
  );

  r.get(
    '/checkpoints/latest',
    apiDoc({ summary: 'The newest signed checkpoint of the chain', responses: { 200: LatestCheckpointResponse } }),
    async (c) => c.json(await latestCheckpoint(c.var.ctx)),
  );

  r.get(
    '/events',
    apiDoc({ summary: 'Audit events, newest first', query: ListAuditEventsQuery, responses: { 200: ListAuditEventsResponse } }),
    async (c) => {
      const q = queryOf(c, ListAuditEventsQuery);
      return c.json(await listAuditEvents(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );

  return r;
}
