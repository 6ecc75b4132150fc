import type { UpcomingDeletionDto } from '@kura/contracts';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { useUser } from '@/features/auth/api/get-session';
import { useUpcomingDeletions } from '@/features/upcoming-deletions/api/get-upcoming-deletions';
import { PlaceHoldDialog } from '@/features/upcoming-deletions/components/place-hold-dialog';
import { UpcomingFilters } from '@/features/upcoming-deletions/components/upcoming-filters';
import { UpcomingTable } from '@/features/upcoming-deletions/components/upcoming-table';
import { useUpcomingFilters } from '@/features/upcoming-deletions/hooks/use-upcoming-filters';
import { canSeeUpcomingDeletions, homePath, isLead, UPCOMING_ROLES } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function UpcomingDeletions({ lead }: { lead: boolean }) {
  const { t } = useI18n();
  const u = t.rights.upcoming;
  const { filters, setFilter, setCursor, clear } = useUpcomingFilters();
  const list = useUpcomingDeletions(filters);
  const [holding, setHolding] = useState<UpcomingDeletionDto | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const nextCursor = list.data?.nextCursor ?? null;
  return (
    <>
      <UpcomingFilters filters={filters} onChange={setFilter} onClear={clear} />
      <p role="status" className={placed ? 'notice notice--success' : 'sr-only'}>
        {placed ? u.holdDialog.placed(placed) : ''}
      </p>
      {list.isError ? (
        <ErrorAlert
          title={u.loadError}
          error={list.error}
          forbidden={{ what: u.title, roles: UPCOMING_ROLES }}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <>
          <UpcomingTable
            items={list.data?.items}
            loading={list.isPending}
            updating={list.isPlaceholderData}
            now={list.dataUpdatedAt || Date.now()}
            onPlaceHold={lead ? setHolding : null}
          />
          <KeysetPagination
            label={u.pagination}
            firstLabel={u.firstPage}
            nextLabel={u.nextPage}
            onFirst={filters.cursor ? () => setCursor(null) : null}
            onNext={nextCursor && !list.isPlaceholderData ? () => setCursor(nextCursor) : null}
          />
        </>
      )}
      {holding && <PlaceHoldDialog item={holding} onClose={() => setHolding(null)} onPlaced={setPlaced} />}
    </>
  );
}

/** Upcoming deletions for leads (who can still place a hold) and admins. */
export function UpcomingDeletionsRoute() {
  const { t } = useI18n();
  const user = useUser();
  const u = t.rights.upcoming;
  return (
    <div className="page">
      <title>{`${u.title} · ${t.common.appName}`}</title>
      <PageHeading>{u.title}</PageHeading>
      <p className="panel__text">{u.intro}</p>
      {canSeeUpcomingDeletions(user) ? (
        <UpcomingDeletions lead={isLead(user)} />
      ) : (
        <RoleRequired what={u.title} roles={UPCOMING_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
      )}
    </div>
  );
}
