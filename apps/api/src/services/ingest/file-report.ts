import type { PostReportBody, PostReportResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findCallByRef } from '../../repositories/db/calls-repo.ts';
import { insertReport, openReviewItem } from '../../repositories/db/reports-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';
import { rescoreAfterChange } from '../review/priority.ts';

/** A report opens (or joins) the call's review item; a recording uploaded later is covered too. */
export async function fileReport(ctx: AppContext, audit: AuditContext, body: PostReportBody): Promise<PostReportResponse> {
  const call = await findCallByRef(ctx.db, body.callRef);
  if (!call) throw notFound('call');
  return ctx.db.transaction().execute(async (tx) => {
    const reviewItemId = await openReviewItem(tx, call.id);
    const reportId = await insertReport(tx, {
      callId: call.id,
      reviewItemId,
      reporter: body.reporter,
      category: body.category,
      note: body.note ?? null,
      atSeconds: body.atSeconds ?? null,
    });
    await rescoreAfterChange(tx, reviewItemId, call.id);
    await appendAudit(
      tx,
      audit,
      {
        action: 'report.filed',
        subject: { type: 'report', id: reportId },
        details: { callRef: body.callRef, reviewItemId, reporter: body.reporter, category: body.category },
      },
      ctx.now(),
    );
    return { reportId, reviewItemId };
  });
}
