import type { ListRecordingsResponse, RecordingSummaryDto } from '@kura/contracts';
import { ListRecordingsQuery } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import { listRecordings, type RecordingListFilter, type RecordingListRow } from '../../repositories/db/recording-queries.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

type Query = z.output<typeof ListRecordingsQuery>;

const DAY_MS = 86_400_000;
/** Dates in filters are days in Japan, where the service runs. */
const tokyoMidnight = (day: string) => new Date(`${day}T00:00:00+09:00`);

export function summaryDto(r: RecordingListRow): RecordingSummaryDto {
  return {
    id: r.id,
    callRef: r.call_ref,
    creator: { ref: r.creator_ref, name: r.creator_name },
    agency: { ref: r.agency_ref, name: r.agency_name },
    userRef: r.user_ref,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at.toISOString(),
    durationMs: r.duration_ms,
    state: r.state as RecordingSummaryDto['state'],
    contentType: r.content_type,
    openReports: Number(r.open_reports ?? 0),
    onHold: Boolean(r.on_hold),
  };
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const startedAt = new Date(t);
    if (Number.isNaN(startedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { startedAt, id };
  } catch {
    throw badRequest('bad_cursor', 'the cursor is not one this server issued');
  }
}

const encodeCursor = (r: RecordingListRow) => Buffer.from(JSON.stringify([r.started_at.toISOString(), r.id])).toString('base64url');

/** The repository's filter for a query: one row more than the page, to tell whether another follows. */
export function recordingFilter(q: Query): RecordingListFilter {
  return {
    q: q.q || undefined,
    agencyRef: q.agency || undefined,
    state: q.state,
    reported: q.reported === undefined ? undefined : q.reported === 'true',
    from: q.from ? tokyoMidnight(q.from) : undefined,
    to: q.to ? new Date(tokyoMidnight(q.to).getTime() + DAY_MS) : undefined,
    after: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  };
}

export async function listRecordingsForStaff(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<ListRecordingsResponse> {
  // A range that ends before it starts can match nothing: say so rather than answer an empty page.
  // Both are YYYY-MM-DD (checked by the query schema), so string order is date order.
  if (q.from && q.to && q.from > q.to) throw badRequest('bad_date_range', 'from is after to');
  const rows = await listRecordings(ctx.db, recordingFilter(q));
  const page = rows.slice(0, q.limit);
  const filters = Object.fromEntries(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  // The list shows platform users' pseudonymous ids: a read of personal data, so it is logged.
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'recordings.listed',
      subject: { type: 'recordings', id: '*' },
      details: { filters, count: page.length },
    },
    ctx.now(),
  );
  return {
    items: page.map(summaryDto),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}
