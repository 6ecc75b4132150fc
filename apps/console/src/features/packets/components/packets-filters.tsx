import { packetStatuses, type AgencyDto } from '@kura/contracts';
import { useEffect, useState, type FormEvent } from 'react';
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
  const [recording, setRecording] = useState(filters.recording ?? '');
  useEffect(() => setRecording(filters.recording ?? ''), [filters.recording]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange('recording', recording);
  };
  const hasFilters = Boolean(filters.status || filters.agency || filters.recording);

  return (
    <form role="search" aria-label={l.filters} className="filter-bar" onSubmit={onSubmit}>
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
      <div className="field">
        <label htmlFor="packets-agency">{l.agency}</label>
        <select id="packets-agency" value={filters.agency ?? ''} onChange={(e) => onChange('agency', e.target.value)}>
          <option value="">{l.allAgencies}</option>
          {agencies?.map((agency) => (
            <option key={agency.ref} value={agency.ref}>
              {agency.name}
            </option>
          ))}
          {filters.agency && !agencies?.some((a) => a.ref === filters.agency) && <option value={filters.agency}>{filters.agency}</option>}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor="packets-recording">{l.recording}</label>
        <div className="input-group">
          <input
            id="packets-recording"
            type="search"
            value={recording}
            maxLength={64}
            placeholder={l.recordingPlaceholder}
            onChange={(e) => setRecording(e.target.value)}
          />
          <button type="submit" className="button button--secondary">
            {l.apply}
          </button>
        </div>
      </div>
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {l.clear}
        </button>
      </div>
    </form>
  );
}
