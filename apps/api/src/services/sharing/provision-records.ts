import type { ListProvisionRecordsResponse, ProvisionRecordDto } from '@kura/contracts';
import { ListProvisionRecordsQuery } from '@kura/contracts';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { toCsv } from '../../lib/csv.ts';
import { badRequest } from '../../lib/errors.ts';
import { tokyoDay } from '../../lib/tokyo-day.ts';
import { listProvisionRecords, type ProvisionRecordFilter, type ProvisionRecordRow } from '../../repositories/db/provision-records-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

// The 第三者提供記録 for leads and auditors: filtered, paged newest first, or the whole selection
// as CSV for a regulator or a disclosure request. Reading them is itself on the record.

type Query = z.output<typeof ListProvisionRecordsQuery>;

const DAY_MS = 86_400_000;
const tokyoMidnight = (day: string) => new Date(`${day}T00:00:00+09:00`);
const CSV_PAGE = 500;

function recordDto(r: ProvisionRecordRow): ProvisionRecordDto {
  return {
    id: r.id,
    providedAt: r.provided_at.toISOString(),
    recipient: { ref: r.recipient_ref, name: r.recipient_name },
    subject: { type: r.subject_type, ref: r.subject_ref },
    items: r.items,
    basis: r.basis,
    privacyPolicyVersion: r.privacy_policy_version,
    packetId: r.packet_id,
    linkId: r.link_id,
    approvedBy: { id: r.approved_by, displayName: r.approved_by_name },
    retainUntil: r.retain_until.toISOString(),
  };
}

// A cursor is the last row's (provided_at, id): provided_at is written from the app's clock in
// whole milliseconds, so a JS Date holds it exactly.
function decodeCursor(cursor: string): { providedAt: Date; id: string } {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const providedAt = new Date(t);
    if (Number.isNaN(providedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { providedAt, id };
  } catch {
    throw badRequest('bad_cursor', 'the cursor is not one this server issued');
  }
}
const encodeCursor = (r: ProvisionRecordRow) => Buffer.from(JSON.stringify([r.provided_at.toISOString(), r.id])).toString('base64url');

function filterOf(q: Query): Omit<ProvisionRecordFilter, 'limit' | 'before'> {
  return {
    agencyRef: q.agency,
    subjectRef: q.subject,
    from: q.from ? tokyoMidnight(q.from) : undefined,
    to: q.to ? new Date(tokyoMidnight(q.to).getTime() + DAY_MS) : undefined,
  };
}

function auditedFilters(q: Query): Record<string, string> {
  return Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => v !== undefined && k !== 'format' && (q.format === 'json' || (k !== 'cursor' && k !== 'limit')))
      .map(([k, v]) => [k, String(v)]),
  );
}

async function auditListing(ctx: AppContext, staff: StaffPrincipal, q: Query, count: number, requestId: string) {
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'provision_records.listed',
      subject: { type: 'provision_records', id: '*' },
      details: { filters: auditedFilters(q), count, format: q.format },
    },
    ctx.now(),
  );
}

export async function listProvisionRecordsForStaff(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<ListProvisionRecordsResponse> {
  const rows = await listProvisionRecords(ctx.db, {
    ...filterOf(q),
    before: q.cursor ? decodeCursor(q.cursor) : undefined,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  await auditListing(ctx, staff, q, page.length, requestId);
  return { items: page.map(recordDto), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null };
}

const CSV_HEADER = [
  '提供日時 (JST)',
  '提供先（所属事務所）コード',
  '提供先（所属事務所）名',
  '本人の区分',
  '本人の識別子',
  '提供した個人データの項目',
  '提供の根拠',
  'プライバシーポリシー版',
  'パケットID',
  'リンクID',
  '承認者',
  '保存期限 (JST)',
  '記録ID',
];
const SUBJECT_LABEL = { user: '利用者', creator: '配信者' } as const;

/** An instant as Tokyo wall time with its offset, e.g. 2026-11-20T10:00:00+09:00. */
function tokyoTime(at: Date): string {
  return `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19)}+09:00`;
}

/** Every record matching the filters (the cursor and limit of a page do not apply). */
export async function exportProvisionRecordsCsv(
  ctx: AppContext,
  staff: StaffPrincipal,
  q: Query,
  requestId: string,
): Promise<{ filename: string; csv: string }> {
  const filter = filterOf(q);
  const rows: ProvisionRecordRow[] = [];
  for (let before: ProvisionRecordFilter['before']; ;) {
    const page = await listProvisionRecords(ctx.db, { ...filter, before, limit: CSV_PAGE });
    rows.push(...page);
    if (page.length < CSV_PAGE) break;
    const last = page[page.length - 1]!;
    before = { providedAt: last.provided_at, id: last.id };
  }
  await auditListing(ctx, staff, q, rows.length, requestId);
  const csv = toCsv(
    CSV_HEADER,
    rows.map((r) => [
      tokyoTime(r.provided_at),
      r.recipient_ref,
      r.recipient_name,
      SUBJECT_LABEL[r.subject_type],
      r.subject_ref,
      r.items,
      r.basis,
      r.privacy_policy_version,
      r.packet_id,
      r.link_id,
      r.approved_by_name,
      tokyoTime(r.retain_until),
      r.id,
    ]),
  );
  return { filename: `provision-records-${tokyoDay(ctx.now())}.csv`, csv };
}
