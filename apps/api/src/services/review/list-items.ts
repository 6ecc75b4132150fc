import type { ListReviewItemsResponse } from '@kura/contracts';
import { ListReviewItemsQuery } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';
import {
  COUNT_LIMIT,
  countItems,
  listItems,
  type ItemFilter,
  type ItemKey,
  type ItemRow,
  type ItemSort,
} from '../../repositories/db/review-queue-read.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { summaryDto } from './item-dto.ts';
import { bandRange } from './priority.ts';

type Query = z.output<typeof ListReviewItemsQuery>;

const DAY_MS = 86_400_000;
/** Dates in filters are days in Japan, where the service runs. */
const tokyoMidnight = (day: string) => new Date(`${day}T00:00:00+09:00`);

// A cursor names its sort, so a cursor from one sort is refused by another instead of misread.
function encodeCursor(sort: ItemSort, r: ItemRow): string {
  return Buffer.from(JSON.stringify([sort, r.priority, r.opened_key, r.id])).toString('base64url');
}

function decodeCursor(sort: ItemSort, cursor: string): ItemKey {
  try {
    const [s, priority, openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      s !== sort ||
      typeof priority !== 'number' ||
      !Number.isInteger(priority) ||
      typeof openedAt !== 'string' ||
      !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(openedAt) ||
      typeof id !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ) {
      throw new Error('bad');
    }
    return { priority, openedAt, id };
  } catch {
    throw badRequest('bad_cursor', 'the cursor is not one this server issued for this sort');
  }
}

export function itemFilter(q: Query, staff: StaffPrincipal, now: Date): ItemFilter {
  return {
    now,
    status: q.status,
    category: q.category,
    agencyRef: q.agency,
    creatorRef: q.creator,
    // "mine" wins over an assignee filter: it is the narrower question.
    assigneeId: q.mine === 'true' ? staff.userId : q.assignee,
    priority: q.priority ? bandRange(q.priority) : undefined,
    sampled: q.sampled === undefined ? undefined : q.sampled === 'true',
    openedFrom: q.from ? tokyoMidnight(q.from) : undefined,
    openedBefore: q.to ? new Date(tokyoMidnight(q.to).getTime() + DAY_MS) : undefined,
  };
}

/** The queue as a moderator or lead sees it; the list names platform users, so the look is logged. */
export async function listReviewItems(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<ListReviewItemsResponse> {
  const now = ctx.now();
  const filter = itemFilter(q, staff, now);
  const after = q.cursor ? decodeCursor(q.sort, q.cursor) : undefined;
  const [rows, totals] = await Promise.all([listItems(ctx.db, filter, q.sort, after, q.limit + 1), countItems(ctx.db, filter)]);
  const page = rows.slice(0, q.limit);
  const filters = Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => v !== undefined && k !== 'cursor')
      .map(([k, v]) => [k, String(v)]),
  );
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    { action: 'review.listed', subject: { type: 'review_items', id: '*' }, details: { filters, count: page.length } },
    now,
  );
  return {
    items: page.map((r) => summaryDto(r, now)),
    nextCursor: rows.length > q.limit ? encodeCursor(q.sort, page[page.length - 1]!) : null,
    counts: totals.counts,
    countLimit: COUNT_LIMIT,
    oldestWaitingAt: totals.oldestWaitingAt?.toISOString() ?? null,
  };
}
