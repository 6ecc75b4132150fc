import '../review.css';
import type { AgencyDto, ReviewItemSummaryDto, StaffUserDto } from '@kura/contracts';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { useI18n } from '@/lib/i18n';
import { isLead } from '@/lib/authorization';
import { useNow } from '@/lib/use-now';
import { useAssignableStaff } from '../api/assignable-staff';
import { useClaimItem, useReleaseItem } from '../api/claims';
import { useReviewItems } from '../api/get-review-items';
import { useReviewFilters } from '../hooks/use-review-filters';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useStartReviewing } from '../hooks/use-start-reviewing';
import { Age } from './age';
import { BulkToolbar } from './bulk-toolbar';
import { claimErrorMessage } from './claim-error';
import { PageHeading } from '@/components/ui/page-heading';
import { QueueFilters } from './queue-filters';
import { QueueTable } from './queue-table';
import { ShortcutsHelp } from './shortcuts-help';
import { StartReviewingButton } from './start-reviewing';
import { StatusTabs } from './status-tabs';
import { Kbd } from './kbd';

const PANEL_ID = 'queue-panel';

/** The review queue: what is waiting, how urgent and since when, and the way into it. */
export function ReviewQueue({ user, agencies }: { user: StaffUserDto | null; agencies: AgencyDto[] | undefined }) {
  const { t } = useI18n();
  const q = t.review.queue;
  const { filters, setFilter, setCursor, clear } = useReviewFilters();
  const list = useReviewItems(filters);
  const lead = isLead(user);
  const staff = useAssignableStaff({ enabled: lead });
  const session = useStartReviewing();
  const claim = useClaimItem();
  const release = useReleaseItem();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [helpOpen, setHelpOpen] = useState(false);
  const now = useNow(15_000);

  const items = list.data?.items;
  const nextCursor = list.data?.nextCursor ?? null;
  const oldest = list.data?.oldestWaitingAt ?? null;
  const rowError = claim.error ?? release.error;
  const busyId = claim.isPending ? (claim.variables ?? null) : release.isPending ? (release.variables ?? null) : null;
  // Only rows on screen stay selected: a new filter or page starts a new selection.
  const visibleSelected = items ? items.filter((i) => selected.has(i.id)).map((i) => i.id) : [];

  const change: typeof setFilter = (key, value) => {
    setSelected(new Set());
    setFilter(key, value);
  };
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = (ids: string[], select: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (select) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const onClaim = (item: ReviewItemSummaryDto) => {
    release.reset();
    claim.mutate(item.id);
  };
  const onRelease = (item: ReviewItemSummaryDto) => {
    claim.reset();
    release.mutate(item.id);
  };

  useShortcuts({ n: { down: session.start }, '?': { down: () => setHelpOpen(true) } });

  return (
    <>
      <div className="queue-head">
        <div className="queue-head__title">
          <PageHeading>{q.title}</PageHeading>
          <p className="queue-head__oldest">
            <span className="muted">{q.oldestWaiting}: </span>
            {oldest ? (
              <strong>
                <Age since={oldest} now={now} />
              </strong>
            ) : (
              <span>{list.isSuccess ? q.nothingWaiting : t.common.none}</span>
            )}
          </p>
        </div>
        <div className="queue-head__actions">
          <button type="button" className="button button--ghost button--small" aria-keyshortcuts="?" onClick={() => setHelpOpen(true)}>
            {t.review.item.keyboardHelp} <Kbd>?</Kbd>
          </button>
          <StartReviewingButton session={session} />
        </div>
      </div>

      <StatusTabs
        value={filters.status}
        counts={list.data?.counts}
        countLimit={list.data?.countLimit}
        onChange={(status) => change('status', status ?? '')}
        panelId={PANEL_ID}
      />
      <QueueFilters
        filters={filters}
        onChange={change}
        onClear={() => {
          setSelected(new Set());
          clear();
        }}
        agencies={agencies}
        staff={lead ? (staff.data?.items ?? []) : null}
      />
      <BulkToolbar
        selectedIds={visibleSelected}
        items={items ?? []}
        canAssign={lead}
        onDone={() => setSelected(new Set())}
        onClearSelection={() => setSelected(new Set())}
      />
      {rowError && (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">{claimErrorMessage(rowError, t)}</p>
        </div>
      )}
      {list.isError ? (
        <ErrorAlert title={q.loadError} error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          {list.isPending && (
            <p role="status" className="sr-only">
              {t.common.loading}
            </p>
          )}
          <QueueTable
            id={PANEL_ID}
            labelledBy={`status-tab-${filters.status ?? 'all'}`}
            items={items}
            loading={list.isPending}
            updating={list.isPlaceholderData}
            user={user}
            showStatus={!filters.status}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onClaim={onClaim}
            onRelease={onRelease}
            busyId={busyId}
          />
          <KeysetPagination
            label={q.pagination}
            firstLabel={q.firstPage}
            nextLabel={q.nextPage}
            onFirst={filters.cursor ? () => setCursor(null) : null}
            onNext={nextCursor && !list.isPlaceholderData ? () => setCursor(nextCursor) : null}
          />
        </>
      )}
      {helpOpen && <ShortcutsHelp page="queue" onClose={() => setHelpOpen(false)} />}
    </>
  );
}
