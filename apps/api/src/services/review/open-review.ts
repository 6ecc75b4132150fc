import type { OpenReviewBody, ReviewItemDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findVisibleRecording } from '../../repositories/db/recording-queries.ts';
import { openItemForCall } from '../../repositories/db/review-items-repo.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { loadDetail } from './item-dto.ts';
import { openItemInTx } from './open-item.ts';
import { viewReviewItem } from './view-item.ts';

/**
 * "Open a review" on any recording. A call has at most one open item: if it has one already,
 * that one is answered (created: false) and the look is logged as a view.
 */
export async function openReview(
  ctx: AppContext,
  staff: StaffPrincipal,
  recordingId: string,
  body: OpenReviewBody,
  requestId: string,
): Promise<{ created: boolean; item: ReviewItemDetailDto }> {
  const recording = await findVisibleRecording(ctx.db, recordingId);
  if (!recording) throw notFound('recording');
  const now = ctx.now();
  const id = await ctx.db
    .transaction()
    .execute((tx) =>
      openItemInTx(
        tx,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        { callId: recording.call_id, callRef: recording.call_ref, source: 'staff', openedBy: staff.userId, note: body.note || null },
        now,
      ),
    );
  if (id) return { created: true, item: await loadDetail(ctx.db, id, now) };
  const existing = await openItemForCall(ctx.db, recording.call_id);
  if (!existing) throw notFound('review item');
  return { created: false, item: await viewReviewItem(ctx, staff, existing, requestId) };
}
