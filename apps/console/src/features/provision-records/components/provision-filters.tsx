import type { AgencyDto } from '@kura/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '@/lib/i18n';
import { provisionCsvUrl, type ProvisionFilters as Filters } from '../api/get-provision-records';
import type { ProvisionFilterKey } from '../hooks/use-provision-filters';

interface ProvisionFiltersProps {
  filters: Filters;
  agencies: AgencyDto[] | undefined;
  onChange: (key: ProvisionFilterKey, value: string) => void;
  onClear: () => void;
}

/** Agency and dates apply at once; the subject ref on Enter. The CSV export carries the same filters. */
export function ProvisionFilters({ filters, agencies, onChange, onClear }: ProvisionFiltersProps) {
  const { t } = useI18n();
  const p = t.packets.provision;
  const [subject, setSubject] = useState(filters.subject ?? '');
  useEffect(() => setSubject(filters.subject ?? ''), [filters.subject]);
  const hasFilters = Boolean(filters.agency || filters.subject || filters.from || filters.to);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange('subject', subject);
  };

  return (
    <form role="search" aria-label={p.filters} className="filter-bar" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="provision-agency">{p.agency}</label>
        <select id="provision-agency" value={filters.agency ?? ''} onChange={(e) => onChange('agency', e.target.value)}>
          <option value="">{p.allAgencies}</option>
          {agencies?.map((agency) => (
            <option key={agency.ref} value={agency.ref}>
              {agency.name}
            </option>
          ))}
          {filters.agency && !agencies?.some((a) => a.ref === filters.agency) && <option value={filters.agency}>{filters.agency}</option>}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor="provision-subject">{p.subject}</label>
        <div className="input-group">
          <input
            id="provision-subject"
            type="search"
            value={subject}
            maxLength={200}
            placeholder={p.subjectPlaceholder}
            onChange={(e) => setSubject(e.target.value)}
          />
          <button type="submit" className="button button--secondary">
            {p.apply}
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor="provision-from">{p.from}</label>
        <input
          id="provision-from"
          type="date"
          value={filters.from ?? ''}
          max={filters.to}
          onChange={(e) => onChange('from', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="provision-to">{p.to}</label>
        <input id="provision-to" type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => onChange('to', e.target.value)} />
      </div>
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {p.clear}
        </button>
      </div>
      <div className="field field--actions">
        <a className="button button--secondary" href={provisionCsvUrl(filters)} download>
          {p.exportCsv}
        </a>
      </div>
    </form>
  );
}
