import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Modal } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { submitOnCtrlEnter } from './form-keys';

interface ReasonDialogProps {
  title: string;
  description?: ReactNode;
  label: string;
  submitLabel: string;
  /** Resolves when done; a rejection keeps the dialog open with the error. */
  onSubmit: (reason: string) => Promise<unknown>;
  onClose: () => void;
  errorMessage?: (error: unknown) => string;
  danger?: boolean;
}

/** One required free-text reason (retract, hold, release, reopen, bulk close), then submit. */
export function ReasonDialog({ title, description, label, submitLabel, onSubmit, onClose, errorMessage, danger }: ReasonDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const missing = attempted && reason.trim() === '';

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    setAttempted(true);
    if (reason.trim() === '' || pending) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
      onClose();
    } catch (e) {
      setError(e);
      setPending(false);
    }
  };

  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <Modal titleId={`${id}-title`} descriptionId={description ? `${id}-desc` : undefined} onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter(() => void submit())}>
        <h2 id={`${id}-title`} className="modal__title">
          {title}
        </h2>
        {description && (
          <div id={`${id}-desc`} className="modal__body">
            {description}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-reason`}>{label}</label>
          <textarea
            id={`${id}-reason`}
            rows={4}
            maxLength={4000}
            required
            value={reason}
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-reason-error` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {missing && (
            <p id={`${id}-reason-error`} className="field-error">
              {t.review.reason.missing}
            </p>
          )}
        </div>
        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{errorMessage ? errorMessage(error) : t.review.reason.failed}</p>
            {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
          </div>
        )}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} disabled={pending}>
            {pending ? t.review.reason.submitting : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
