import { useId, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Modal } from '@/components/ui/modal';
import { Spinner } from '@/components/ui/spinner';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { useAssignableStaff } from '../api/assignable-staff';

interface AssignDialogProps {
  title: string;
  /** Resolves when done; a rejection keeps the dialog open with the error. */
  onSubmit: (staffUserId: string) => Promise<unknown>;
  onClose: () => void;
  errorMessage: (error: unknown) => string;
  currentAssigneeId?: string | null;
}

/** A lead picks a reviewer (moderators and leads, enabled) from GET /api/review-items/assignable-staff. */
export function AssignDialog({ title, onSubmit, onClose, errorMessage, currentAssigneeId }: AssignDialogProps) {
  const { t } = useI18n();
  const a = t.review.assign;
  const id = useId();
  const staff = useAssignableStaff({ enabled: true });
  const [staffUserId, setStaffUserId] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = attempted && !staffUserId;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!staffUserId || pending) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit(staffUserId);
      onClose();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-title`} className="modal__title">
          {title}
        </h2>
        {staff.isPending && <Spinner label={t.common.loading} />}
        {staff.isError && <ErrorAlert title={a.loadError} error={staff.error} onRetry={() => void staff.refetch()} />}
        {staff.isSuccess && (
          <div className="field">
            <label htmlFor={`${id}-staff`}>{a.staff}</label>
            <select
              id={`${id}-staff`}
              required
              value={staffUserId}
              aria-invalid={missing || undefined}
              aria-describedby={missing ? `${id}-staff-error` : undefined}
              onChange={(e) => setStaffUserId(e.target.value)}
            >
              <option value="">{a.choose}</option>
              {staff.data.items.map((person) => (
                <option key={person.id} value={person.id} disabled={person.id === currentAssigneeId}>
                  {a.option(
                    person.displayName,
                    person.roles.map((role) => t.roles[role]),
                  )}
                </option>
              ))}
            </select>
            {missing && (
              <p id={`${id}-staff-error`} className="field-error">
                {a.missing}
              </p>
            )}
          </div>
        )}
        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{errorMessage(error)}</p>
            {isApiError(error) && error.requestId && <p className="alert__meta">{t.common.requestId(error.requestId)}</p>}
          </div>
        )}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={pending || !staff.isSuccess}>
            {pending ? a.submitting : a.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
