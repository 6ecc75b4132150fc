import type { CustodyEventDto, CustodyResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { getPacket } from '../../repositories/db/packets-repo.ts';
import { custodyEvents, linkRecipientNames } from '../../repositories/db/packets-read.ts';
import { staffNamesByIds } from '../../repositories/db/staff-names.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

const MAX_EVENTS = 5000;

/**
 * A packet's chain of custody, read back from the audit chain itself, oldest first: made, cut,
 * viewed, approved, shared, and every read of its clips, by staff or by the agency. Reading the
 * audit chain is itself recorded (audit.read), as the audit log's reads are.
 */
export async function packetCustody(ctx: AppContext, staff: StaffPrincipal, id: string, requestId: string): Promise<CustodyResponse> {
  const packet = await getPacket(ctx.db, id);
  if (!packet) throw notFound('packet');
  const events = await custodyEvents(ctx.db, id, packet.recording_id, MAX_EVENTS);
  const [staffNames, linkNames] = await Promise.all([
    staffNamesByIds(
      ctx.db,
      events.filter((e) => e.actor_type === 'staff').map((e) => e.actor_id),
    ),
    linkRecipientNames(
      ctx.db,
      events.filter((e) => e.actor_type === 'agency').map((e) => e.actor_id),
    ),
  ]);
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'audit.read', subject: { type: 'audit_chain', id: '*' }, details: { filters: { packetId: id }, count: events.length } },
    ctx.now(),
  );
  return {
    items: events.map((e): CustodyEventDto => ({
      seq: e.seq,
      at: e.occurred_at.toISOString(),
      action: e.action,
      actor: {
        type: e.actor_type,
        id: e.actor_id,
        displayName:
          e.actor_type === 'staff'
            ? (staffNames.get(e.actor_id)?.displayName ?? null)
            : e.actor_type === 'agency'
              ? (linkNames.get(e.actor_id) ?? null)
              : null,
      },
      details: e.details,
    })),
  };
}
