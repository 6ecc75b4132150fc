import type { AccountCallDto, DecisionOutcome, ReviewContextDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { notesOn } from '../../repositories/db/account-notes-repo.ts';
import { findItemAccounts, otherCallsOf, standingDecisionsForCalls } from '../../repositories/db/review-context-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { accountNoteDto } from '../accounts/note-dto.ts';

/** How many of an account's other calls the context lists (those with history first). */
const CALLS_PER_ACCOUNT = 50;

/**
 * Beside a review item: the same user's and the same creator's other calls with their reports,
 * flags and standing decisions, and staff notes on both accounts. It reads personal data about
 * two accounts, so the look is logged before anything is returned.
 */
export async function reviewContext(
  ctx: AppContext,
  staff: StaffPrincipal,
  reviewItemId: string,
  requestId: string,
): Promise<ReviewContextDto> {
  const item = await findItemAccounts(ctx.db, reviewItemId);
  if (!item) throw notFound('review item');
  const [userCalls, creatorCalls, userNotes, creatorNotes] = await Promise.all([
    otherCallsOf(ctx.db, { type: 'user', id: item.user_id }, item.call_id, CALLS_PER_ACCOUNT),
    otherCallsOf(ctx.db, { type: 'creator', id: item.creator_id }, item.call_id, CALLS_PER_ACCOUNT),
    notesOn(ctx.db, 'user', item.user_id),
    notesOn(ctx.db, 'creator', item.creator_id),
  ]);
  const decisions = await standingDecisionsForCalls(ctx.db, [...new Set([...userCalls, ...creatorCalls].map((c) => c.id))]);
  const callDto = (c: (typeof userCalls)[number]): AccountCallDto => ({
    callRef: c.ref,
    startedAt: c.started_at.toISOString(),
    recordingId: c.recording_id,
    reviewItemId: c.review_item_id,
    reportCount: c.report_count,
    flagCount: c.flag_count,
    decisions: decisions
      .filter((d) => d.call_id === c.id)
      .map((d) => ({ outcome: d.outcome as DecisionOutcome, decidedAt: d.decided_at.toISOString() })),
  });
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'review.context_viewed',
      subject: { type: 'review_item', id: reviewItemId },
      details: { userRef: item.user_ref, creatorRef: item.creator_ref },
    },
    ctx.now(),
  );
  return {
    user: { ref: item.user_ref, minor: item.is_minor, calls: userCalls.map(callDto), notes: userNotes.map(accountNoteDto) },
    creator: {
      ref: item.creator_ref,
      name: item.creator_name,
      agency: { ref: item.agency_ref, name: item.agency_name },
      calls: creatorCalls.map(callDto),
      notes: creatorNotes.map(accountNoteDto),
    },
  };
}
