import type { ReviewItemDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { markReopened, standingClosingDecision } from '../../repositories/db/decisions-repo.ts';
import { lockItem } from '../../repositories/db/review-claims-repo.ts';
import { openItemForCall, reopenLockedItem } from '../../repositories/db/review-items-repo.ts';
import { assertLead } from '../access/policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { claimExpiry } from './claim-item.ts';
import { loadDetail } from './item-dto.ts';
import { rescoreAfterChange } from './priority.ts';

/**
 * A lead reopens a decided item with a reason: the decision stays, marked reopened, and the item
 * is open again in the lead's hands. The next decision tells the platform which one it replaces.
 */
export async function reopenReviewItem(
  ctx: AppContext,
  staff: StaffPrincipal,
  id: string,
  reason: string,
  requestId: string | null,
): Promise<ReviewItemDetailDto> {
  assertLead(staff, 'reopen decisions');
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await lockItem(tx, id);
    if (!item) throw notFound('review item');
    if (item.status !== 'closed') throw conflict('not_closed', 'only a decided item can be reopened');
    if (await openItemForCall(tx, item.call_id)) {
      throw conflict('open_item_exists', 'this call has another open review item; decide that one instead');
    }
    const decision = await standingClosingDecision(tx, id);
    if (!decision) throw conflict('not_closed', 'this item has no standing decision to reopen');
    await markReopened(tx, decision.id, staff.userId, now, reason);
    // A report opening a new item for the call at this very moment wins; this one stays closed.
    if (!(await reopenLockedItem(tx, id, staff.userId, now, claimExpiry(ctx, now)))) {
      throw conflict('open_item_exists', 'this call has another open review item; decide that one instead');
    }
    await rescoreAfterChange(tx, id, item.call_id);
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      { action: 'review.reopened', subject: { type: 'review_item', id }, details: { decisionId: decision.id, reason } },
      now,
    );
  });
  return loadDetail(ctx.db, id, now);
}
