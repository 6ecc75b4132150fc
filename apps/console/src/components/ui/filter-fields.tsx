import type { AgencyDto } from '@kura/contracts';
import { useEffect, useState } from 'react';

interface AgencySelectProps {
  id: string;
  label: string;
  allLabel: string;
  value: string | undefined;
  agencies: readonly AgencyDto[] | undefined;
  onChange: (ref: string) => void;
}

/** The agency filter every list has: applies at once, by the agency's ref. */
export function AgencySelect({ id, label, allLabel, value, agencies, onChange }: AgencySelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {agencies?.map((agency) => (
          <option key={agency.ref} value={agency.ref}>
            {agency.name}
          </option>
        ))}
        {/* A shared link may name an agency this list has not loaded (yet). */}
        {value && !agencies?.some((a) => a.ref === value) && <option value={value}>{value}</option>}
      </select>
    </div>
  );
}

interface SearchFieldProps {
  id: string;
  label: string;
  applyLabel: string;
  placeholder?: string;
  value: string | undefined;
  maxLength?: number;
  onApply: (value: string) => void;
}

/**
 * A free-text filter that applies on Enter or its button, not on every keystroke (each keystroke
 * would be a request and a history entry). It follows the URL when that changes from outside: the
 * back button, a shared link, "clear".
 */
export function SearchField({ id, label, applyLabel, placeholder, value, maxLength = 200, onApply }: SearchFieldProps) {
  const [draft, setDraft] = useState(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  return (
    <div className="field field--grow">
      <label htmlFor={id}>{label}</label>
      <div className="input-group">
        <input
          id={id}
          type="search"
          value={draft}
          maxLength={maxLength}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            onApply(draft);
          }}
        />
        <button type="button" className="button button--secondary" onClick={() => onApply(draft)}>
          {applyLabel}
        </button>
      </div>
    </div>
  );
}
