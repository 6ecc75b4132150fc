import { roles, type Role } from '@kura/contracts';
import { useId } from 'react';
import { useI18n } from '@/lib/i18n';

interface RoleCheckboxesProps {
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string | null;
}

/** The four roles as checkboxes in a fieldset; an error is linked to the group. */
export function RoleCheckboxes({ value, onChange, error }: RoleCheckboxesProps) {
  const { t } = useI18n();
  const id = useId();
  const toggle = (role: Role, on: boolean) => onChange(roles.filter((r) => (r === role ? on : value.includes(r))));
  return (
    <fieldset
      className="radio-group"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
    >
      <legend>{t.staffAdmin.form.roles}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t.staffAdmin.form.rolesHint}
      </p>
      {roles.map((role) => (
        <label key={role} className="radio">
          <input
            type="checkbox"
            name="roles"
            value={role}
            checked={value.includes(role)}
            onChange={(e) => toggle(role, e.target.checked)}
          />
          <span>{t.roles[role]}</span>
        </label>
      ))}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
