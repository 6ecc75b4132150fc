import type { ConductCategory, DecisionBody, DecisionDto, DecisionOutcome } from '@kura/contracts';
import {
  CONDUCT_POLICY_VERSION,
  closingOutcomes,
  conductClauses,
  conductCategories,
  leadOnlyOutcomes,
  outcomesNeedingFlags,
} from '@kura/contracts';
import type { DbTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.ts';
import { appendToFeed, findDecision, insertDecision, reopenedNotSuperseded } from '../../repositories/db/decisions-repo.ts';
import { flagsByIds } from '../../repositories/db/flags-read.ts';
import { findStoredRecordingForCall } from '../../repositories/db/recordings-repo.ts';
import { lockItem, type LockedItem } from '../../repositories/db/review-claims-repo.ts';
import { closeItem, escalateItem } from '../../repositories/db/review-items-repo.ts';
import { assertLead } from '../access/policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { assertMayWork, assertNotClaimedByOther } from './claim-item.ts';
import { decisionDto } from './item-dto.ts';
import { rescoreAfterChange } from './priority.ts';
import { recomputeRetentionForCall } from '../retention/recompute.ts';

// Deciding a review item: the outcome, the rationale, the flags it rests on and the policy
// clauses they fall under. Closing outcomes close the item and go to the platform's feed;
// "escalate" hands it to the leads' queue.

export interface DecisionInput {
  outcome: DecisionOutcome;
  rationale: string;
  flagIds: string[];
  suspendDays: number | null;
}

const isCategory = (c: string): c is ConductCategory => (conductCategories as readonly string[]).includes(c);

/** Flags cited must be on this call's recording and stand (not retracted). */
async function citedFlagCategories(tx: DbTx, item: LockedItem, input: DecisionInput): Promise<string[]> {
  const ids = [...new Set(input.flagIds)];
  if (outcomesNeedingFlags.includes(input.outcome) && ids.length === 0) {
    throw badRequest('flags_required', `a decision of "${input.outcome}" must cite at least one flag`);
  }
  if (ids.length === 0) return [];
  const recording = await findStoredRecordingForCall(tx, item.call_id);
  const flags = await flagsByIds(tx, ids);
  const mine = new Map(flags.filter((f) => f.recording_id === recording?.id).map((f) => [f.id, f]));
  const unknown = ids.filter((id) => !mine.has(id));
  if (unknown.length) throw badRequest('unknown_flag', 'cited flags must be flags on this call’s recording', { flagIds: unknown });
  const retracted = ids.filter((id) => mine.get(id)!.retracted_at !== null);
  if (retracted.length) throw new AppError(409, 'flag_retracted', 'a retracted flag cannot be cited', { flagIds: retracted });
  return ids.map((id) => mine.get(id)!.category);
}

interface Pending {
  decisionId: string;
  item: LockedItem;
  input: DecisionInput;
  clauses: string[];
  batchId?: string;
}

/**
 * The row changes of a decision. Feed and audit come after (finishDecision), once every row this
 * transaction touches is written: those two are global locks, and whoever holds one must never
 * wait on a row.
 */
export async function writeDecision(
  tx: DbTx,
  staffId: string,
  item: LockedItem,
  input: DecisionInput,
  flagCategories: string[],
  now: Date,
  batchId?: string,
): Promise<Pending> {
  const basis = flagCategories.length > 0 ? flagCategories : item.categories;
  const clauses = [...new Set(basis.filter(isCategory).map((c) => conductClauses[c]))].sort();
  const decisionId = await insertDecision(tx, {
    reviewItemId: item.id,
    callId: item.call_id,
    outcome: input.outcome,
    suspendDays: input.suspendDays,
    rationale: input.rationale,
    flagIds: [...new Set(input.flagIds)],
    policyVersion: CONDUCT_POLICY_VERSION,
    policyClauses: clauses,
    decidedBy: staffId,
    decidedAt: now,
  });
  if (closingOutcomes.includes(input.outcome)) {
    await closeItem(tx, item.id, now);
    // The account's history changed: its other open items are rescored in the background.
    await rescoreAfterChange(tx, null, item.call_id);
  } else {
    await escalateItem(tx, item.id);
  }
  // Deciding keeps the call's recordings for the decided period (DESIGN.md "Retention").
  await recomputeRetentionForCall(tx, item.call_id, now);
  return { decisionId, item, input, clauses, batchId };
}

export async function finishDecision(tx: DbTx, audit: AuditContext, p: Pending, now: Date): Promise<void> {
  if (p.input.outcome !== 'escalate') {
    await appendToFeed(tx, p.decisionId, now, (await reopenedNotSuperseded(tx, p.item.id)) ?? null);
  }
  await appendAudit(
    tx,
    audit,
    {
      action: 'review.decided',
      subject: { type: 'review_item', id: p.item.id },
      details: {
        decisionId: p.decisionId,
        outcome: p.input.outcome,
        suspendDays: p.input.suspendDays,
        flagIds: [...new Set(p.input.flagIds)],
        policyClauses: p.clauses,
        ...(p.batchId ? { batchId: p.batchId } : {}),
      },
    },
    now,
  );
}

export async function decideItem(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  body: DecisionBody,
  requestId: string | null,
): Promise<DecisionDto> {
  if (leadOnlyOutcomes.includes(body.outcome)) assertLead(staff, 'suspend or ban');
  const input: DecisionInput = {
    outcome: body.outcome,
    rationale: body.rationale,
    flagIds: body.flagIds,
    suspendDays: body.suspendDays ?? null,
  };
  const now = ctx.now();
  const decisionId = await ctx.db.transaction().execute(async (tx) => {
    const item = await lockItem(tx, id);
    if (!item) throw notFound('review item');
    if (item.status === 'closed') throw conflict('closed', 'this review item is already decided');
    assertMayWork(item, staff);
    // Deciding an unclaimed item is fine (the decider is then its reviewer); someone else's is not.
    assertNotClaimedByOther(item, staff.userId, now);
    if (input.outcome === 'escalate' && item.queue === 'leads') throw conflict('already_escalated', 'this item is already with the leads');
    const categories = await citedFlagCategories(tx, item, input);
    const pending = await writeDecision(tx, staff.userId, item, input, categories, now);
    await finishDecision(tx, { actor: { type: 'staff', id: staff.userId }, requestId }, pending, now);
    return pending.decisionId;
  });
  return decisionDto((await findDecision(ctx.db, decisionId))!);
}
