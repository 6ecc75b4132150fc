import type { ReviewSource } from '@kura/contracts';
import type { DbTx } from '@kura/db';
import { insertItemUnlessOpen } from '../../repositories/db/review-items-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';
import { rescoreItem } from './priority.ts';

export interface OpenItemInput {
  callId: string;
  callRef: string;
  source: Exclude<ReviewSource, 'report'>;
  openedBy: string | null;
  note: string | null;
}

/**
 * Opens a review item for the call unless it has an open one (undefined then), scored and on
 * the record, in the caller's transaction. Reports open items through the ingest route instead.
 */
export async function openItemInTx(tx: DbTx, audit: AuditContext, input: OpenItemInput, now: Date): Promise<string | undefined> {
  const id = await insertItemUnlessOpen(tx, {
    callId: input.callId,
    source: input.source,
    openedAt: now,
    openedBy: input.openedBy,
    openNote: input.note,
  });
  if (!id) return undefined;
  await rescoreItem(tx, id);
  await appendAudit(
    tx,
    audit,
    {
      action: 'review.opened',
      subject: { type: 'review_item', id },
      details: { callRef: input.callRef, source: input.source, ...(input.note ? { note: input.note } : {}) },
    },
    now,
  );
  return id;
}
