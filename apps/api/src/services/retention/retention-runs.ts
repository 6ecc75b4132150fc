import type { ListRetentionRunsResponse, RetentionRunDetailDto, RetentionRunDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findRun, listRuns, runCursor } from '../../repositories/db/retention-runs-repo.ts';

// The retention runs admins and auditors read: counts, what was held back and why, errors, and
// the signed receipt. Reports name recordings by id and hash only, never their content.

type RunRow = Awaited<ReturnType<typeof listRuns>>[number];

function runDto(r: RunRow): RetentionRunDto {
  return {
    id: r.id,
    seq: r.seq,
    dryRun: r.dry_run,
    status: r.status,
    triggeredBy: r.triggered_by,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    scanned: r.scanned,
    expired: r.expired,
    bytesFreed: Number(r.bytes_freed),
    heldBack: r.held_back as RetentionRunDto['heldBack'],
    errors: r.errors as RetentionRunDto['errors'],
    receiptHash: r.receipt_hash,
  };
}

export async function listRetentionRuns(ctx: AppContext, q: { before?: string; limit: number }): Promise<ListRetentionRunsResponse> {
  const cursor = q.before ? await runCursor(ctx.db, q.before) : undefined;
  if (q.before && !cursor) return { runs: [], nextBefore: null };
  const rows = await listRuns(ctx.db, q.limit + 1, cursor);
  const page = rows.slice(0, q.limit);
  return { runs: page.map(runDto), nextBefore: rows.length > q.limit ? page[page.length - 1]!.id : null };
}

export async function getRetentionRun(ctx: AppContext, id: string): Promise<RetentionRunDetailDto> {
  const row = await findRun(ctx.db, id);
  if (!row) throw notFound('retention run');
  return { ...runDto(row), receipt: row.receipt };
}
