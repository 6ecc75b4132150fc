import type { Context } from 'hono';
import type { HonoEnv } from '../../http/env.ts';
import type { AuditContext } from '../../services/audit/events.ts';

export function serviceActor(c: Context<HonoEnv>): AuditContext {
  return { actor: { type: 'service', id: c.var.serviceTokenId }, requestId: c.var.requestId };
}
