import { packetStatuses, type AgencyDto } from '@kura/contracts';
import { AgencySelect, SearchField } from '@/components/ui/filter-fields';
import { useI18n } from '@/lib/i18n';
import type { PacketFilters } from '../api/get-packets';
import type { PacketFilterKey } from '../hooks/use-packet-filters';

interface PacketsFiltersProps {
  filters: PacketFilters;
  agencies: AgencyDto[] | undefined;
  onChange: (key: PacketFilterKey, value: string) => void;
  onClear: () => void;
}

/** Selects apply at once; the recording id applies on Enter or the button. */
export function PacketsFilters({ filters, agencies, onChange, onClear }: PacketsFiltersProps) {
  const { t } = useI18n();
  const l = t.packets.list;
  const hasFilters = Boolean(filters.status || filters.agency || filters.recording);

  return (
    <form role="search" aria-label={l.filters} className="filter-bar" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="packets-status">{l.status}</label>
        <select id="packets-status" value={filters.status ?? ''} onChange={(e) => onChange('status', e.target.value)}>
          <option value="">{l.allStatuses}</option>
          {packetStatuses.map((status) => (
            <option key={status} value={status}>
              {t.packets.statuses[status]}
            </option>
          ))}
        </select>
      </div>
      <AgencySelect
        id="packets-agency"
        label={l.agency}
        allLabel={l.allAgencies}
        value={filters.agency}
        agencies={agencies}
        onChange={(ref) => onChange('agency', ref)}
      />
      <SearchField
        id="packets-recording"
        label={l.recording}
        applyLabel={l.apply}
        placeholder={l.recordingPlaceholder}
        value={filters.recording}
        maxLength={64}
        onApply={(value) => onChange('recording', value)}
      />
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {l.clear}
        </button>
      </div>
    </form>
  );
}
