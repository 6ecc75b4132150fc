import type { Role, StaffAccountDto, UpdateStaffBody } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { TextField } from '@/components/ui/text-field';
import { useI18n } from '@/lib/i18n';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useUpdateStaff } from '../api/staff';
import { ApiErrorAlert } from './api-error-alert';
import { RoleCheckboxes } from './role-checkboxes';
import { selfProtectionMessage, staffFieldErrors, type StaffFieldErrors } from './staff-errors';

const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** Renames or re-roles a staff member; sends only what changed. */
export function EditStaffDialog({
  staff,
  onClose,
  onSaved,
}: {
  staff: StaffAccountDto;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [displayName, setDisplayName] = useState(staff.displayName);
  const [roles, setRoles] = useState<Role[]>(staff.roles);
  const [errors, setErrors] = useState<StaffFieldErrors>({});
  const [sent, setSent] = useState<UpdateStaffBody>({});
  const update = useUpdateStaff();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const found: StaffFieldErrors = {};
    if (!displayName.trim()) found.displayName = t.staffAdmin.form.displayNameRequired;
    if (roles.length === 0) found.roles = t.staffAdmin.form.rolesRequired;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: UpdateStaffBody = {};
    if (displayName.trim() !== staff.displayName) body.displayName = displayName.trim();
    if (!sameRoles(roles, staff.roles)) body.roles = roles;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setSent(body);
    update.mutate(
      { id: staff.id, body },
      {
        onSuccess: (saved) => onSaved(saved?.displayName ?? body.displayName ?? staff.displayName),
        onError: (error) => {
          const server = staffFieldErrors(error, t, { creating: false });
          setErrors(server);
          if (Object.keys(server).length > 0) focusFirstInvalid();
        },
      },
    );
  };

  const selfProtection = update.isError ? selfProtectionMessage(update.error, sent, t) : null;
  const error = update.isError && Object.keys(errors).length === 0 ? update.error : null;

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="purpose-form">
        <h2 id={`${id}-title`} className="modal__title">
          {t.staffAdmin.update.title(staff.displayName)}
        </h2>
        <p className="muted">{staff.email}</p>
        <TextField
          label={t.staffAdmin.form.displayName}
          type="text"
          autoComplete="off"
          maxLength={200}
          required
          value={displayName}
          error={errors.displayName}
          onChange={(e) => setDisplayName(e.target.value)}
        />
        <RoleCheckboxes value={roles} onChange={setRoles} error={errors.roles} />
        {error !== null && (
          <ApiErrorAlert title={selfProtection ?? t.staffAdmin.update.failed} error={error} showServerMessage={!!selfProtection} />
        )}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={update.isPending}>
            {update.isPending ? t.staffAdmin.update.submitting : t.staffAdmin.update.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
