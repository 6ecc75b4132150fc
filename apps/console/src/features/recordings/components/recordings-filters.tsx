import { recordingStates } from '@kura/contracts';
import { useEffect, useState, type FormEvent } from 'react';
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
  const [q, setQ] = useState(filters.q ?? '');

  // Follow the URL when it changes from outside (back button, a shared link, "clear").
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange('q', q);
  };
  const hasFilters = Object.entries(filters).some(([key, value]) => key !== 'cursor' && value);

  return (
    <form role="search" aria-label={t.list.filters} className="filter-bar" onSubmit={onSubmit}>
      <div className="field field--grow">
        <label htmlFor="filter-q">{t.list.q}</label>
        <div className="input-group">
          <input
            id="filter-q"
            type="search"
            value={q}
            maxLength={200}
            placeholder={t.list.qPlaceholder}
            onChange={(e) => setQ(e.target.value)}
          />
          <button type="submit" className="button button--secondary">
            {t.list.search}
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor="filter-agency">{t.list.agency}</label>
        <select id="filter-agency" value={filters.agency ?? ''} onChange={(e) => onChange('agency', e.target.value)}>
          <option value="">{t.list.allAgencies}</option>
          {agencies.data?.items.map((agency) => (
            <option key={agency.ref} value={agency.ref}>
              {agency.name}
            </option>
          ))}
          {/* A shared link may name an agency this list has not loaded (yet). */}
          {filters.agency && !agencies.data?.items.some((a) => a.ref === filters.agency) && (
            <option value={filters.agency}>{filters.agency}</option>
          )}
        </select>
      </div>
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
