import { CreateStaffBody, type Role } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { PasswordHint } from '@/components/ui/password-hint';
import { TextField } from '@/components/ui/text-field';
import { useI18n, type Messages } from '@/lib/i18n';
import { MIN_PASSWORD_LENGTH } from '@/lib/password-strength';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useCreateStaff } from '../api/staff';
import { ApiErrorAlert } from './api-error-alert';
import { RoleCheckboxes } from './role-checkboxes';
import { staffFieldErrors, type StaffFieldErrors } from './staff-errors';

interface Draft {
  email: string;
  displayName: string;
  roles: Role[];
  password: string;
}

function validate(draft: Draft, t: Messages): StaffFieldErrors {
  const errors: StaffFieldErrors = {};
  const email = draft.email.trim();
  if (!email) errors.email = t.staffAdmin.form.emailRequired;
  else if (!CreateStaffBody.shape.email.safeParse(email).success) errors.email = t.staffAdmin.form.emailInvalid;
  if (!draft.displayName.trim()) errors.displayName = t.staffAdmin.form.displayNameRequired;
  if (draft.roles.length === 0) errors.roles = t.staffAdmin.form.rolesRequired;
  if (draft.password.length < MIN_PASSWORD_LENGTH) errors.password = t.staffAdmin.form.passwordShort(draft.password.length);
  return errors;
}

/** Adds a staff account: email, display name, roles and an initial password. */
export function CreateStaffDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (displayName: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<Draft>({ email: '', displayName: '', roles: [], password: '' });
  const [errors, setErrors] = useState<StaffFieldErrors>({});
  const create = useCreateStaff();

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const found = validate(draft, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: CreateStaffBody = {
      email: draft.email.trim(),
      displayName: draft.displayName.trim(),
      roles: draft.roles,
      password: draft.password,
    };
    create.mutate(body, {
      onSuccess: (staff) => onCreated(staff?.displayName ?? body.displayName),
      onError: (error) => {
        const server = staffFieldErrors(error, t, { creating: true, passwordLength: draft.password.length });
        setErrors(server);
        if (Object.keys(server).length > 0) focusFirstInvalid();
      },
    });
  };

  const fieldErrorShown = Object.keys(errors).length > 0;
  const error = create.isError && !fieldErrorShown ? create.error : null;

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="purpose-form">
        <h2 id={`${id}-title`} className="modal__title">
          {t.staffAdmin.create.title}
        </h2>
        <TextField
          label={t.staffAdmin.form.email}
          type="email"
          autoComplete="off"
          maxLength={320}
          required
          value={draft.email}
          error={errors.email}
          onChange={(e) => set('email', e.target.value)}
        />
        <TextField
          label={t.staffAdmin.form.displayName}
          type="text"
          autoComplete="off"
          maxLength={200}
          required
          value={draft.displayName}
          error={errors.displayName}
          onChange={(e) => set('displayName', e.target.value)}
        />
        <RoleCheckboxes value={draft.roles} onChange={(roles) => set('roles', roles)} error={errors.roles} />
        <TextField
          label={t.staffAdmin.form.password}
          type="password"
          autoComplete="new-password"
          maxLength={1024}
          required
          value={draft.password}
          error={errors.password}
          hint={<PasswordHint password={draft.password} extra={t.staffAdmin.form.passwordHint} />}
          onChange={(e) => set('password', e.target.value)}
        />
        {error !== null && <ApiErrorAlert title={t.staffAdmin.create.failed} error={error} />}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? t.staffAdmin.create.submitting : t.staffAdmin.create.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
