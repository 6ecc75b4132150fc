import type { ListPacketsQuery, ListPacketsResponse } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { listPacketSummaries, type PacketSummaryRow } from '../../repositories/db/packets-read.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { packetSummaryDto } from './packet-dto.ts';

type Query = z.output<typeof ListPacketsQuery>;

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(t);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { createdAt, id };
  } catch {
    throw badRequest('bad_cursor', 'the cursor is not one this server issued');
  }
}

const encodeCursor = (r: PacketSummaryRow) => Buffer.from(JSON.stringify([r.created_at.toISOString(), r.id])).toString('base64url');

/** Packets, newest first, filtered and paged; the list names platform users, so it is audited. */
export async function listPackets(ctx: AppContext, staff: StaffPrincipal, q: Query, requestId: string): Promise<ListPacketsResponse> {
  const rows = await listPacketSummaries(ctx.db, {
    status: q.status,
    agencyRef: q.agency,
    recordingId: q.recording,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
    now: ctx.now(),
  });
  const page = rows.slice(0, q.limit);
  const filters = Object.fromEntries(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'packets.listed', subject: { type: 'packets', id: '*' }, details: { filters, count: page.length } },
    ctx.now(),
  );
  return { items: page.map(packetSummaryDto), nextCursor: rows.length > q.limit ? encodeCursor(page.at(-1)!) : null };
}
