import type { BulkReviewResponse, ReviewItemSummaryDto } from '@kura/contracts';
import { useEffect, useRef, useState } from 'react';
import { isApiError } from '@/lib/api-client';
import { useI18n, type Messages } from '@/lib/i18n';
import { useBulkReview } from '../api/claims';
import { AssignDialog } from './assign-dialog';
import { ReasonDialog } from './reason-dialog';

function bulkErrorMessage(error: unknown, t: Messages): string {
  if (isApiError(error)) {
    if (error.status === 403) return t.review.claim.forbidden;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return t.review.bulk.failed;
}

interface BulkToolbarProps {
  selectedIds: string[];
  /** To name skipped items by their call rather than an id. */
  items: ReviewItemSummaryDto[];
  canAssign: boolean;
  onDone: () => void;
  onClearSelection: () => void;
}

/** Actions on the selected rows; the result says what was done and what was left, and why. */
export function BulkToolbar({ selectedIds, items, canAssign, onDone, onClearSelection }: BulkToolbarProps) {
  const { t } = useI18n();
  const b = t.review.bulk;
  const bulk = useBulkReview();
  const [dialog, setDialog] = useState<'assign' | 'close' | null>(null);
  const [result, setResult] = useState<{ response: BulkReviewResponse; refs: Map<string, string> } | null>(null);
  const refs = new Map(items.map((item) => [item.id, item.call.ref]));
  // The toolbar that opened the dialog is gone once the selection clears: the result takes focus.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const finish = (response: BulkReviewResponse) => {
    setResult({ response, refs });
    onDone();
  };
  const skipLabel = (code: string) => b.skipCodes[code] ?? code;

  return (
    <>
      {selectedIds.length > 0 && (
        <div role="toolbar" aria-label={b.toolbar} className="bulk-bar">
          <span className="bulk-bar__count" aria-live="polite">
            {b.selected(selectedIds.length)}
          </span>
          {canAssign && (
            <button type="button" className="button button--secondary button--small" onClick={() => setDialog('assign')}>
              {b.assign}
            </button>
          )}
          <button type="button" className="button button--secondary button--small" onClick={() => setDialog('close')}>
            {b.close}
          </button>
          <button type="button" className="button button--ghost button--small" onClick={onClearSelection}>
            {b.clearSelection}
          </button>
        </div>
      )}
      {result && (
        <div ref={resultRef} tabIndex={-1} role="status" className="notice notice--info bulk-result">
          <p>{b.result(result.response.done.length, result.response.skipped.length)}</p>
          {result.response.skipped.length > 0 && (
            <>
              <p className="bulk-result__title">{b.skippedTitle}</p>
              <ul className="bulk-result__list">
                {result.response.skipped.map((skip) => (
                  <li key={skip.id}>
                    <span className="mono">{result.refs.get(skip.id) ?? skip.id}</span>: {skipLabel(skip.code)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="button button--ghost button--small" onClick={() => setResult(null)}>
            {b.dismiss}
          </button>
        </div>
      )}
      {dialog === 'assign' && (
        <AssignDialog
          title={t.review.assign.bulkTitle(selectedIds.length)}
          errorMessage={(error) => bulkErrorMessage(error, t)}
          onClose={() => setDialog(null)}
          onSubmit={async (staffUserId) => finish(await bulk.mutateAsync({ action: 'assign', ids: selectedIds, staffUserId }))}
        />
      )}
      {dialog === 'close' && (
        <ReasonDialog
          title={b.closeTitle(selectedIds.length)}
          description={<p>{b.closeDescription}</p>}
          label={b.rationale}
          submitLabel={b.closeSubmit}
          errorMessage={(error) => bulkErrorMessage(error, t)}
          onClose={() => setDialog(null)}
          onSubmit={async (rationale) => finish(await bulk.mutateAsync({ action: 'close_no_violation', ids: selectedIds, rationale }))}
        />
      )}
    </>
  );
}
