import { conductCategories, priorityBands, type AgencyDto, type StaffRefDto } from '@kura/contracts';
import { AgencySelect, SearchField } from '@/components/ui/filter-fields';
import { useI18n } from '@/lib/i18n';
import type { ReviewFilters } from '../api/get-review-items';
import type { ReviewFilterKey } from '../hooks/use-review-filters';

interface QueueFiltersProps {
  filters: ReviewFilters;
  onChange: (key: ReviewFilterKey, value: string) => void;
  onClear: () => void;
  agencies: AgencyDto[] | undefined;
  /** Leads pick any reviewer; null for everyone else (the list is for leads only). */
  staff: StaffRefDto[] | null;
}

/** Selects, checkboxes and dates apply at once; the creator id applies on Enter or the button. */
export function QueueFilters({ filters, onChange, onClear, agencies, staff }: QueueFiltersProps) {
  const { t } = useI18n();
  const q = t.review.queue;
  const hasFilters = Object.entries(filters).some(([key, value]) => key !== 'cursor' && key !== 'status' && key !== 'sort' && value);

  return (
    <form role="search" aria-label={q.filters} className="filter-bar filter-bar--dense" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="queue-category">{q.category}</label>
        <select id="queue-category" value={filters.category ?? ''} onChange={(e) => onChange('category', e.target.value)}>
          <option value="">{q.allCategories}</option>
          {conductCategories.map((category) => (
            <option key={category} value={category}>
              {t.categories[category]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="queue-priority">{q.priority}</label>
        <select id="queue-priority" value={filters.priority ?? ''} onChange={(e) => onChange('priority', e.target.value)}>
          <option value="">{q.anyPriority}</option>
          {priorityBands.map((band) => (
            <option key={band} value={band}>
              {t.review.bands[band]}
            </option>
          ))}
        </select>
      </div>
      <AgencySelect
        id="queue-agency"
        label={q.agency}
        allLabel={q.allAgencies}
        value={filters.agency}
        agencies={agencies}
        onChange={(ref) => onChange('agency', ref)}
      />
      <SearchField
        id="queue-creator"
        label={q.creator}
        applyLabel={q.apply}
        placeholder={q.creatorPlaceholder}
        value={filters.creator}
        onApply={(value) => onChange('creator', value)}
      />
      {staff && (
        <div className="field">
          <label htmlFor="queue-assignee">{q.assignee}</label>
          <select id="queue-assignee" value={filters.assignee ?? ''} onChange={(e) => onChange('assignee', e.target.value)}>
            <option value="">{q.anyAssignee}</option>
            {staff.map((person) => (
              <option key={person.id} value={person.id}>
                {person.displayName}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="queue-sampled">{q.sampled}</label>
        <select id="queue-sampled" value={filters.sampled ?? ''} onChange={(e) => onChange('sampled', e.target.value)}>
          <option value="">{q.anySource}</option>
          <option value="true">{q.sampledOnly}</option>
          <option value="false">{q.reportedOnly}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="queue-from">{q.from}</label>
        <input id="queue-from" type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => onChange('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="queue-to">{q.to}</label>
        <input id="queue-to" type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => onChange('to', e.target.value)} />
      </div>
      <div className="field field--check">
        <label className="check">
          <input type="checkbox" checked={filters.mine === 'true'} onChange={(e) => onChange('mine', e.target.checked ? 'true' : '')} />
          <span>{q.mine}</span>
        </label>
      </div>
      <div className="field">
        <label htmlFor="queue-sort">{q.sort}</label>
        <select
          id="queue-sort"
          value={filters.sort ?? 'priority'}
          onChange={(e) => onChange('sort', e.target.value === 'priority' ? '' : e.target.value)}
        >
          <option value="priority">{q.sorts.priority}</option>
          <option value="oldest">{q.sorts.oldest}</option>
          <option value="newest">{q.sorts.newest}</option>
        </select>
      </div>
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {q.clear}
        </button>
      </div>
    </form>
  );
}
