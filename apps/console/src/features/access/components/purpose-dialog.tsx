import { CreateGrantBody, purposes, type Purpose, type ReportDto } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { isApiError } from '@/lib/api-client';
import { MEDIA_ROLES } from '@/lib/authorization';
import { formatOffset } from '@/lib/format';
import { useI18n, type Messages } from '@/lib/i18n';
import { useCreateGrant } from '../api/create-grant';

function grantErrorMessage(error: unknown, t: Messages): string {
  if (isApiError(error)) {
    if (error.status === 403 || error.code === 'forbidden') {
      return t.access.needsRole(
        t.access.what.media,
        MEDIA_ROLES.map((role) => t.roles[role]),
      );
    }
    if (error.status === 404 || error.code === 'not_found') return t.dialog.notFound;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return t.dialog.failed;
}

interface PurposeDialogProps {
  recordingId: string;
  /** The recording's open reports, offered as the reference; a case number can still be typed. */
  reports: ReportDto[];
  /** Called once the grant exists, before the dialog closes. */
  onGranted?: () => void;
  /** A case reference to start with (the review page offers its review item); still editable. */
  initialReference?: string;
  onClose: () => void;
}

/** Declares a privacy-policy purpose and a case reference; the API answers with an access grant. */
export function PurposeDialog({ recordingId, reports, initialReference = '', onGranted, onClose }: PurposeDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const [purpose, setPurpose] = useState<Purpose | null>(null);
  const [reference, setReference] = useState(initialReference);
  const [attempted, setAttempted] = useState(false);
  const firstRadio = useRef<HTMLInputElement>(null);
  const referenceInput = useRef<HTMLInputElement>(null);
  const createGrant = useCreateGrant(recordingId, {
    onSuccess: () => {
      onGranted?.();
      onClose();
    },
  });
  // The report picked from the list, if the reference is still exactly its id.
  const pickedReport = reports.some((r) => r.id === reference.trim()) ? reference.trim() : '';
  const pickReport = (reportId: string) => {
    if (reportId) setReference(reportId);
    else if (pickedReport) setReference('');
  };

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

        <fieldset className="radio-group" aria-describedby={purposeMissing ? `${id}-purpose-error` : undefined}>
          <legend>{t.dialog.purpose}</legend>
          {purposes.map((p, index) => (
            <label key={p} className="radio">
              <input
                ref={index === 0 ? firstRadio : undefined}
                type="radio"
                name="purpose"
                required
                aria-invalid={purposeMissing || undefined}
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

        {reports.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-report`}>{t.dialog.reportPick}</label>
            <select id={`${id}-report`} value={pickedReport} onChange={(e) => pickReport(e.target.value)}>
              <option value="">{t.dialog.reportNone}</option>
              {reports.map((report) => (
                <option key={report.id} value={report.id}>
                  {t.dialog.reportOption(
                    t.categories[report.category],
                    report.id,
                    report.atSeconds === null ? null : formatOffset(report.atSeconds),
                  )}
                </option>
              ))}
            </select>
          </div>
        )}

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
            aria-describedby={
              [referenceMissing && `${id}-reference-error`, reports.length > 0 && `${id}-reference-help`].filter(Boolean).join(' ') ||
              undefined
            }
            onChange={(e) => setReference(e.target.value)}
          />
          {reports.length > 0 && (
            <p id={`${id}-reference-help`} className="field-help">
              {t.dialog.referenceHelp}
            </p>
          )}
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
