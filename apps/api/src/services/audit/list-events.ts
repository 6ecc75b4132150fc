import type { AuditAction, AuditEventDto, ListAuditEventsQuery, ListAuditEventsResponse, Purpose } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { eventPage } from '../../repositories/db/audit-repo.ts';
import { staffNamesByIds } from '../../repositories/db/staff-names.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { recordAuditOrRefuse } from './audit-log.ts';

type Query = z.output<typeof ListAuditEventsQuery>;

/** The auditor's view of the chain, newest first. Reading it is itself on the record. */
export async function listAuditEvents(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<ListAuditEventsResponse> {
  const rows = await eventPage(ctx.db, { before: q.before, action: q.action, subjectId: q.subject, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const names = await staffNamesByIds(
    ctx.db,
    page.filter((e) => e.actor_type === 'staff').map((e) => e.actor_id),
  );
  const filters = Object.fromEntries(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'audit.read',
      subject: { type: 'audit_chain', id: '*' },
      details: { filters, count: page.length },
    },
    ctx.now(),
  );
  const items: AuditEventDto[] = page.map((e) => {
    // Unknown (null names) for anything but a staff id that names an account: pre-authentication
    // rows, legacy staff/'anonymous' rows from before that actor type existed, removed accounts.
    const who = e.actor_type === 'staff' ? names.get(e.actor_id) : undefined;
    return {
      seq: e.seq,
      at: e.occurred_at.toISOString(),
      actor: { type: e.actor_type, id: e.actor_id, email: who?.email ?? null, displayName: who?.displayName ?? null },
      action: e.action as AuditAction,
      subject: { type: e.subject_type, id: e.subject_id },
      purpose: e.purpose as Purpose | null,
      requestId: e.request_id,
      details: e.details,
      hash: e.hash,
    };
  });
  return { items, nextBefore: rows.length > q.limit ? page[page.length - 1]!.seq : null };
}
