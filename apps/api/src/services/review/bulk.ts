import { randomUUID } from 'node:crypto';
import type { BulkReviewBody, BulkReviewResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { lockItems } from '../../repositories/db/review-claims-repo.ts';
import { assertLead, isLead } from '../access/policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext, AuditEventInput } from '../audit/events.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { assignableTarget, assignRow, holdsLiveClaim } from './claim-item.ts';
import { finishDecision, writeDecision } from './decide.ts';

/**
 * Several queue items at once: assign them (leads), or close them as "no violation" with one
 * rationale. Items that cannot take the action are skipped and named with why; every event of
 * the batch carries its batchId. All or nothing: one transaction.
 */
export async function bulkReview(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: BulkReviewBody,
  requestId: string | null,
): Promise<BulkReviewResponse> {
  if (body.action === 'assign') assertLead(staff, 'assign review items');
  const batchId = randomUUID();
  const ids = [...new Set(body.ids)];
  const audit: AuditContext = { actor: { type: 'staff', id: staff.userId }, requestId };
  const now = ctx.now();
  const done: string[] = [];
  const skipped: BulkReviewResponse['skipped'] = [];
  await ctx.db.transaction().execute(async (tx) => {
    const target = body.action === 'assign' ? await assignableTarget(tx, body.staffUserId) : null;
    const items = new Map((await lockItems(tx, ids)).map((i) => [i.id, i]));
    const assigned: AuditEventInput[] = [];
    const decided = [];
    for (const id of ids) {
      const item = items.get(id);
      if (!item) {
        skipped.push({ id, code: 'not_found' });
      } else if (item.status === 'closed') {
        skipped.push({ id, code: 'closed' });
      } else if (body.action === 'assign') {
        if (item.queue === 'leads' && !target!.lead) {
          skipped.push({ id, code: 'escalated' });
        } else {
          assigned.push(await assignRow(ctx, tx, item, body.staffUserId, now, batchId));
          done.push(id);
        }
      } else if (item.queue === 'leads' && !isLead(staff)) {
        skipped.push({ id, code: 'escalated' });
      } else if (holdsLiveClaim(item, now) && item.assignee_id !== staff.userId) {
        skipped.push({ id, code: 'claimed' });
      } else {
        const input = { outcome: 'no_violation' as const, rationale: body.rationale, flagIds: [], suspendDays: null };
        decided.push(await writeDecision(tx, staff.userId, item, input, [], now, batchId));
        done.push(id);
      }
    }
    // Feed and audit last, once every row of the batch is written (see writeDecision).
    for (const event of assigned) await appendAudit(tx, audit, event, now);
    for (const p of decided) await finishDecision(tx, audit, p, now);
  });
  return { batchId, done, skipped };
}
