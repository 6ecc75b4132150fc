import type {
  ConductCategory,
  DecisionDto,
  DecisionOutcome,
  PriorityReason,
  ReportDto,
  ReviewItemDetailDto,
  ReviewItemSummaryDto,
  ReviewStatus,
} from '@kura/contracts';
import type { DbOrTx } from '@kura/db';
import { notFound } from '../../lib/errors.ts';
import { decisionsForItem, type DecisionRow } from '../../repositories/db/decisions-repo.ts';
import { flagsForRecording } from '../../repositories/db/flags-read.ts';
import { holdsForRecording } from '../../repositories/db/holds-repo.ts';
import { reportsForItem } from '../../repositories/db/review-items-repo.ts';
import { findItem, type ItemRow } from '../../repositories/db/review-queue-read.ts';
import { flagDto } from '../flags/flag-dto.ts';
import { holdDto } from '../holds/hold-dto.ts';
import { priorityBand } from './priority.ts';

/** As the queue shows it; see ReviewStatus in the contracts. */
export function itemStatus(
  row: { status: 'open' | 'closed'; queue: string; assignee_id: string | null; claim_expires_at: Date | null },
  now: Date,
): ReviewStatus {
  if (row.status === 'closed') return 'closed';
  if (row.assignee_id && row.claim_expires_at && row.claim_expires_at > now) return 'claimed';
  return row.queue === 'leads' ? 'escalated' : 'open';
}

export function summaryDto(r: ItemRow, now: Date): ReviewItemSummaryDto {
  const status = itemStatus(r, now);
  const claimed = status === 'claimed';
  return {
    id: r.id,
    status,
    queue: r.queue,
    source: r.source,
    priority: r.priority,
    priorityBand: priorityBand(r.priority),
    priorityReasons: r.priority_reasons as PriorityReason[],
    categories: r.categories as ConductCategory[],
    reportCount: Number(r.report_count ?? 0),
    openedAt: r.opened_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    call: { id: r.call_id, ref: r.call_ref, startedAt: r.started_at.toISOString(), endedAt: r.ended_at.toISOString() },
    recording:
      r.recording_id && r.recording_state && r.recording_state !== 'uploading'
        ? { id: r.recording_id, state: r.recording_state, durationMs: r.duration_ms }
        : null,
    creator: { ref: r.creator_ref, name: r.creator_name },
    agency: { ref: r.agency_ref, name: r.agency_name },
    userRef: r.user_ref,
    minor: r.is_minor,
    // A lapsed claim is nobody's: the item shows as waiting again.
    assignee: claimed && r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
    claimExpiresAt: claimed ? (r.claim_expires_at?.toISOString() ?? null) : null,
    onHold: Boolean(r.on_hold),
  };
}

export function decisionDto(d: DecisionRow): DecisionDto {
  return {
    id: d.id,
    reviewItemId: d.review_item_id,
    outcome: d.outcome as DecisionOutcome,
    suspendDays: d.suspend_days,
    rationale: d.rationale,
    flagIds: d.flag_ids,
    policyVersion: d.policy_version,
    policyClauses: d.policy_clauses,
    decidedBy: { id: d.decided_by, displayName: d.decided_by_name },
    decidedAt: d.decided_at.toISOString(),
    reopened:
      d.reopened_at && d.reopened_by && d.reopen_reason !== null
        ? { at: d.reopened_at.toISOString(), by: { id: d.reopened_by, displayName: d.reopened_by_name ?? '' }, reason: d.reopen_reason }
        : null,
  };
}

function reportDto(rp: Awaited<ReturnType<typeof reportsForItem>>[number]): ReportDto {
  return {
    id: rp.id,
    reporter: rp.reporter,
    category: rp.category as ConductCategory,
    note: rp.note,
    atSeconds: rp.at_seconds,
    createdAt: rp.created_at.toISOString(),
  };
}

/** Everything the review page shows about one item (read in `db`, which may be a transaction). */
export async function loadDetail(db: DbOrTx, id: string, now: Date): Promise<ReviewItemDetailDto> {
  const row = await findItem(db, id);
  if (!row) throw notFound('review item');
  const recordingId = row.recording_id && row.recording_state !== 'uploading' ? row.recording_id : null;
  const [reports, flags, decisions, holds] = await Promise.all([
    reportsForItem(db, id),
    recordingId ? flagsForRecording(db, recordingId) : Promise.resolve([]),
    decisionsForItem(db, id),
    recordingId ? holdsForRecording(db, recordingId) : Promise.resolve([]),
  ]);
  return {
    ...summaryDto(row, now),
    openedBy: row.opened_by ? { id: row.opened_by, displayName: row.opened_by_name ?? '' } : null,
    openNote: row.open_note,
    reports: reports.map(reportDto),
    flags: flags.map(flagDto),
    decisions: decisions.map(decisionDto),
    holds: holds.map(holdDto),
  };
}
