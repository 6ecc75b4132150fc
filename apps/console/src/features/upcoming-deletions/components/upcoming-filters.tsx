import { retentionReasons } from '@kura/contracts';
import { SearchField } from '@/components/ui/filter-fields';
import { useI18n } from '@/lib/i18n';
import type { UpcomingFilters as Filters } from '../api/get-upcoming-deletions';
import { DEFAULT_DAYS, WINDOW_DAYS, type UpcomingFilterKey } from '../hooks/use-upcoming-filters';

interface UpcomingFiltersProps {
  filters: Filters;
  onChange: (key: UpcomingFilterKey, value: string) => void;
  onClear: () => void;
}

/**
 * Window and reason apply at once; the agency and creator ids on Enter. Ids rather than an agency
 * list: admins see this page but not the agencies list.
 */
export function UpcomingFilters({ filters, onChange, onClear }: UpcomingFiltersProps) {
  const { t } = useI18n();
  const u = t.rights.upcoming;
  const days = filters.days ?? DEFAULT_DAYS;
  const choices: readonly number[] = WINDOW_DAYS.some((d) => d === days) ? WINDOW_DAYS : [...WINDOW_DAYS, days];
  const hasFilters = Boolean(filters.days || filters.agency || filters.creator || filters.reason);

  return (
    <form role="search" aria-label={u.filters} className="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="upcoming-days">{u.days}</label>
        <select
          id="upcoming-days"
          value={String(days)}
          onChange={(e) => onChange('days', e.target.value === String(DEFAULT_DAYS) ? '' : e.target.value)}
        >
          {choices.map((d) => (
            <option key={d} value={String(d)}>
              {u.daysOption(d)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="upcoming-reason">{u.reason}</label>
        <select id="upcoming-reason" value={filters.reason ?? ''} onChange={(e) => onChange('reason', e.target.value)}>
          <option value="">{u.allReasons}</option>
          {retentionReasons.map((r) => (
            <option key={r} value={r}>
              {t.rights.reasons[r]}
            </option>
          ))}
        </select>
      </div>
      <SearchField
        id="upcoming-agency"
        label={u.agency}
        applyLabel={u.apply}
        value={filters.agency}
        onApply={(v) => onChange('agency', v)}
      />
      <SearchField
        id="upcoming-creator"
        label={u.creator}
        applyLabel={u.apply}
        value={filters.creator}
        onApply={(v) => onChange('creator', v)}
      />
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {u.clear}
        </button>
      </div>
    </form>
  );
}
