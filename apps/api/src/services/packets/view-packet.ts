import type { PacketDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { loadPacketDetail } from './packet-dto.ts';

/** One packet with its clips, links, replies and manifest; the view is on the record first. */
export async function viewPacket(ctx: AppContext, staff: StaffPrincipal, id: string, requestId: string): Promise<PacketDetailDto> {
  const now = ctx.now();
  const packet = await loadPacketDetail(ctx.db, id, now);
  if (!packet) throw notFound('packet');
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'packet.viewed', subject: { type: 'packet', id }, details: {} },
    now,
  );
  return packet;
}
