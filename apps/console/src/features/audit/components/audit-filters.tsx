import { auditActions } from '@kura/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '@/lib/i18n';
import type { AuditFilters as Filters } from '../api/get-audit-events';
import type { AuditFilterKey } from '../hooks/use-audit-filters';

interface AuditFiltersProps {
  filters: Filters;
  onChange: (key: AuditFilterKey, value: string) => void;
  onClear: () => void;
}

/** The action applies at once; the subject id applies on Enter or the apply button. */
export function AuditFilters({ filters, onChange, onClear }: AuditFiltersProps) {
  const { t } = useI18n();
  const [subject, setSubject] = useState(filters.subject ?? '');

  // Follow the URL when it changes from outside (back button, a shared link, "clear").
  useEffect(() => setSubject(filters.subject ?? ''), [filters.subject]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange('subject', subject);
  };
  const hasFilters = !!(filters.action || filters.subject || filters.before);

  return (
    <form role="search" aria-label={t.audit.filters} className="filter-bar" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="audit-action">{t.audit.action}</label>
        <select id="audit-action" value={filters.action ?? ''} onChange={(e) => onChange('action', e.target.value)}>
          <option value="">{t.audit.allActions}</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {t.audit.actions[action]}
            </option>
          ))}
        </select>
      </div>
      <div className="field field--grow">
        <label htmlFor="audit-subject">{t.audit.subject}</label>
        <div className="input-group">
          <input
            id="audit-subject"
            type="search"
            value={subject}
            maxLength={200}
            autoComplete="off"
            spellCheck={false}
            placeholder={t.audit.subjectPlaceholder}
            onChange={(e) => setSubject(e.target.value)}
          />
          <button type="submit" className="button button--secondary">
            {t.audit.apply}
          </button>
        </div>
      </div>
      <div className="field field--actions">
        <button type="button" className="button button--ghost" onClick={onClear} disabled={!hasFilters}>
          {t.audit.clear}
        </button>
      </div>
    </form>
  );
}
