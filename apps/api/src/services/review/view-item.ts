import type { ReviewItemDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { claimExpiry, noteHolderActivity } from './claim-item.ts';
import { loadDetail } from './item-dto.ts';

/**
 * One item for the review page. Looking at it is activity: the holder's claim lives on. Nothing
 * is answered unless the look is on the record (503 if the audit write fails).
 */
export async function viewReviewItem(ctx: AppContext, staff: StaffPrincipal, id: string, requestId: string): Promise<ReviewItemDetailDto> {
  const now = ctx.now();
  const detail = await loadDetail(ctx.db, id, now);
  let extended = false;
  try {
    extended = await ctx.db.transaction().execute(async (tx) => {
      const touched = await noteHolderActivity(ctx, tx, id, staff.userId, now);
      await appendAudit(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        { action: 'review.viewed', subject: { type: 'review_item', id }, details: {} },
        now,
      );
      return touched;
    });
  } catch (err) {
    ctx.logger.error({ err }, 'audit write failed; refusing to serve');
    throw new AppError(503, 'audit_unavailable', 'the access could not be recorded, so nothing was served');
  }
  return extended ? { ...detail, claimExpiresAt: claimExpiry(ctx, now).toISOString() } : detail;
}
