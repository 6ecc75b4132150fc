import { Hono } from 'hono';
import { ListAuditEventsQuery } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { queryOf } from '../http/validate.ts';
import { CAN_READ_AUDIT } from '../services/access/policy.ts';
import { recordAudit } from '../services/audit/audit-log.ts';
import { listAuditEvents } from '../services/audit/list-events.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

export function auditRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_READ_AUDIT));

  r.get('/verify', async (c) => {
    const { ctx, staff, requestId } = c.var;
    const result = await verifyChain(ctx.db);
    // Recorded after the walk, so the answer covers the chain as it stood when asked.
    await recordAudit(ctx.db, { actor: { type: 'staff', id: staff.userId }, requestId }, {
      action: 'audit.verified',
      subject: { type: 'audit_chain', id: '*' },
      details: result.intact ? { intact: true, events: result.events } : { intact: false, events: result.events, firstBrokenSeq: result.firstBrokenSeq },
    }, ctx.now());
    return c.json(result);
  });

  r.get('/events', async (c) => {
    const q = queryOf(c, ListAuditEventsQuery);
    return c.json(await listAuditEvents(c.var.ctx, c.var.staff, q, c.var.requestId));
  });

  return r;
}
