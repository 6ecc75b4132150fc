import type { AgencyDto } from '@kura/contracts';
import { AgencySelect, SearchField } from '@/components/ui/filter-fields';
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
  const hasFilters = Boolean(filters.agency || filters.subject || filters.from || filters.to);

  return (
    <form role="search" aria-label={p.filters} className="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <AgencySelect
        id="provision-agency"
        label={p.agency}
        allLabel={p.allAgencies}
        value={filters.agency}
        agencies={agencies}
        onChange={(ref) => onChange('agency', ref)}
      />
      <SearchField
        id="provision-subject"
        label={p.subject}
        applyLabel={p.apply}
        placeholder={p.subjectPlaceholder}
        value={filters.subject}
        onApply={(value) => onChange('subject', value)}
      />
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
