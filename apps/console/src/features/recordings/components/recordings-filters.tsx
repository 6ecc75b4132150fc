import { recordingStates } from '@kura/contracts';
import { AgencySelect, SearchField } from '@/components/ui/filter-fields';
import { useI18n } from '@/lib/i18n';
import { useAgencies } from '../api/get-agencies';
import type { RecordingFilters } from '../api/get-recordings';
import type { FilterKey } from '../hooks/use-recording-filters';

interface RecordingsFiltersProps {
  filters: RecordingFilters;
  /** The "until" date is before the "from" date: said at the field, and nothing is fetched. */
  invertedRange?: boolean;
  onChange: (key: FilterKey, value: string) => void;
  onClear: () => void;
}

/** Selects and dates apply at once; the free-text search applies on Enter or the search button. */
export function RecordingsFilters({ filters, invertedRange = false, onChange, onClear }: RecordingsFiltersProps) {
  const { t } = useI18n();
  const agencies = useAgencies();
  const hasFilters = Object.entries(filters).some(([key, value]) => key !== 'cursor' && value);

  return (
    <form role="search" aria-label={t.list.filters} className="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <SearchField
        id="filter-q"
        label={t.list.q}
        applyLabel={t.list.search}
        placeholder={t.list.qPlaceholder}
        value={filters.q}
        onApply={(value) => onChange('q', value)}
      />
      <AgencySelect
        id="filter-agency"
        label={t.list.agency}
        allLabel={t.list.allAgencies}
        value={filters.agency}
        agencies={agencies.data?.items}
        onChange={(ref) => onChange('agency', ref)}
      />
      <div className="field">
        <label htmlFor="filter-state">{t.list.state}</label>
        <select id="filter-state" value={filters.state ?? ''} onChange={(e) => onChange('state', e.target.value)}>
          <option value="">{t.list.allStates}</option>
          {recordingStates.map((state) => (
            <option key={state} value={state}>
              {t.states[state]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-reported">{t.list.reported}</label>
        <select id="filter-reported" value={filters.reported ?? ''} onChange={(e) => onChange('reported', e.target.value)}>
          <option value="">{t.list.reportedAny}</option>
          <option value="true">{t.list.reportedYes}</option>
          <option value="false">{t.list.reportedNo}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">{t.list.from}</label>
        <input
          id="filter-from"
          type="date"
          value={filters.from ?? ''}
          max={filters.to}
          aria-invalid={invertedRange || undefined}
          aria-describedby={invertedRange ? 'filter-range-error' : undefined}
          onChange={(e) => onChange('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-to">{t.list.to}</label>
        <input
          id="filter-to"
          type="date"
          value={filters.to ?? ''}
          min={filters.from}
          aria-invalid={invertedRange || undefined}
          aria-describedby={invertedRange ? 'filter-range-error' : undefined}
          onChange={(e) => onChange('to', e.target.value)}
        />
      </div>
      {invertedRange && (
        <p id="filter-range-error" role="alert" className="field-error filter-bar__error">
          {t.list.rangeInverted}
        </p>
      )}
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {t.list.clear}
        </button>
      </div>
    </form>
  );
}
