import { CreateGrantBody, purposes, type Purpose } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { useI18n, type Messages } from '@/lib/i18n';
import { useCreateGrant } from '../api/create-grant';

function grantErrorMessage(error: unknown, t: Messages): string {
  if (isApiError(error)) {
    if (error.status === 403 || error.code === 'forbidden') return t.dialog.forbidden;
    if (error.status === 404 || error.code === 'not_found') return t.dialog.notFound;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return t.dialog.failed;
}

interface PurposeDialogProps {
  recordingId: string;
  /** A case reference to start with (the review page offers its review item); still editable. */
  initialReference?: string;
  onClose: () => void;
}

/** Declares a privacy-policy purpose and a case reference; the API answers with an access grant. */
export function PurposeDialog({ recordingId, initialReference = '', onClose }: PurposeDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const [reference, setReference] = useState(initialReference);
  const [attempted, setAttempted] = useState(false);
  const firstRadio = useRef<HTMLInputElement>(null);
  const referenceInput = useRef<HTMLInputElement>(null);
  const createGrant = useCreateGrant(recordingId, { onSuccess: onClose });

  const purposeMissing = attempted && purpose === null;
  const referenceMissing = attempted && reference.trim() === '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const parsed = CreateGrantBody.safeParse({ purpose, reference });
    if (!parsed.success) {
      (purpose === null ? firstRadio : referenceInput).current?.focus();
      return;
    }
    createGrant.mutate(parsed.data);
  };

  const error = createGrant.isError ? createGrant.error : null;
  const requestId = isApiError(error) ? error.requestId : null;

  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="purpose-form">
        <h2 id={`${id}-title`} className="modal__title">
          {t.dialog.title}
        </h2>
        <div id={`${id}-desc`} className="modal__body">
          <blockquote className="policy-quote">{t.dialog.policy}</blockquote>
          <p>{t.dialog.onlyThese}</p>
        </div>

        <fieldset
          className="radio-group"
          aria-required="true"
          aria-invalid={purposeMissing || undefined}
          aria-describedby={purposeMissing ? `${id}-purpose-error` : undefined}
        >
          <legend>{t.dialog.purpose}</legend>
          {purposes.map((p, index) => (
            <label key={p} className="radio">
              <input
                ref={index === 0 ? firstRadio : undefined}
                type="radio"
                name="purpose"
                value={p}
                checked={purpose === p}
                onChange={() => setPurpose(p)}
              />
              <span>{t.purposes[p]}</span>
            </label>
          ))}
          {purposeMissing && (
            <p id={`${id}-purpose-error`} className="field-error">
              {t.dialog.purposeMissing}
            </p>
          )}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-reference`}>{t.dialog.reference}</label>
          <input
            ref={referenceInput}
            id={`${id}-reference`}
            type="text"
            required
            maxLength={200}
            autoComplete="off"
            placeholder={t.dialog.referenceHint}
            value={reference}
            aria-invalid={referenceMissing || undefined}
            aria-describedby={referenceMissing ? `${id}-reference-error` : undefined}
            onChange={(e) => setReference(e.target.value)}
          />
          {referenceMissing && (
            <p id={`${id}-reference-error`} className="field-error">
              {t.dialog.referenceMissing}
            </p>
          )}
        </div>

        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{grantErrorMessage(error, t)}</p>
            {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
          </div>
        )}

        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={createGrant.isPending}>
            {createGrant.isPending ? t.dialog.submitting : t.dialog.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
