import type { ListUpcomingDeletionsQuery, ListUpcomingDeletionsResponse, UpcomingDeletionDto } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { listUpcomingDeletions, type UpcomingDeletionRow } from '../../repositories/db/upcoming-deletions-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

type Query = z.output<typeof ListUpcomingDeletionsQuery>;
const DAY_MS = 86_400_000;

// The cursor keeps retain_until as PostgreSQL printed it, so paging is exact to the microsecond.
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

function decodeCursor(cursor: string): { retainUntil: string; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof t !== 'string' || !PG_TIMESTAMPTZ.test(t) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new Error('bad');
    }
    return { retainUntil: t, id };
  } catch {
    throw badRequest('bad_cursor', 'the cursor is not one this server issued');
  }
}
const encodeCursor = (r: UpcomingDeletionRow) => Buffer.from(JSON.stringify([r.retain_until_text, r.id])).toString('base64url');

function dto(r: UpcomingDeletionRow): UpcomingDeletionDto {
  return {
    recordingId: r.id,
    callRef: r.call_ref,
    startedAt: r.started_at.toISOString(),
    retainUntil: r.retain_until!.toISOString(),
    reason: r.retention_reason,
    agency: { ref: r.agency_ref, name: r.agency_name },
    creator: { ref: r.creator_ref, name: r.creator_name },
    openReview: Boolean(r.open_review),
    livePacket: Boolean(r.live_packet),
  };
}

/**
 * What the retention job will destroy within `days` (overdue ones first), unless someone places
 * a hold: a lead's notice of upcoming deletions. The look is audited like the recordings list.
 */
export async function upcomingDeletions(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<ListUpcomingDeletionsResponse> {
  const now = ctx.now();
  const until = new Date(now.getTime() + q.days * DAY_MS);
  const rows = await listUpcomingDeletions(ctx.db, {
    until,
    now,
    agencyRef: q.agency,
    creatorRef: q.creator,
    reason: q.reason,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const filters = Object.fromEntries(
    Object.entries({ days: String(q.days), agency: q.agency, creator: q.creator, reason: q.reason, cursor: q.cursor }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'retention.upcoming_listed', subject: { type: 'recordings', id: '*' }, details: { filters, count: page.length } },
    now,
  );
  return {
    items: page.map(dto),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
    until: until.toISOString(),
  };
}
