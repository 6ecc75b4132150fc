import { userEventStatuses } from '@kura/contracts';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { useUser } from '@/features/auth/api/get-session';
import { useDisclosures } from '@/features/disclosures/api/get-disclosures';
import { DisclosuresTable } from '@/features/disclosures/components/disclosures-table';
import { useDisclosureFilters } from '@/features/disclosures/hooks/use-disclosure-filters';
import { canHandleDisclosures, DISCLOSURE_ROLES, homePath } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function Disclosures() {
  const { t } = useI18n();
  const d = t.rights.disclosures;
  const { filters, setFilter } = useDisclosureFilters();
  const list = useDisclosures(filters);
  return (
    <>
      <form role="search" aria-label={d.filters} className="filter-bar" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="disclosure-status">{d.status}</label>
          <select id="disclosure-status" value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">{d.allStatuses}</option>
            {userEventStatuses.map((s) => (
              <option key={s} value={s}>
                {d.statuses[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {list.isError ? (
        <ErrorAlert
          title={d.loadError}
          error={list.error}
          forbidden={{ what: d.title, roles: DISCLOSURE_ROLES }}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <DisclosuresTable items={list.data?.items} loading={list.isPending} updating={list.isPlaceholderData} />
      )}
    </>
  );
}

/** Disclosure requests (開示請求) for leads and admins. */
export function DisclosuresRoute() {
  const { t } = useI18n();
  const user = useUser();
  const d = t.rights.disclosures;
  return (
    <div className="page">
      <title>{`${d.title} · ${t.common.appName}`}</title>
      <PageHeading>{d.title}</PageHeading>
      <p className="panel__text">{d.intro}</p>
      {canHandleDisclosures(user) ? (
        <Disclosures />
      ) : (
        <RoleRequired what={d.title} roles={DISCLOSURE_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
      )}
    </div>
  );
}
