import type { UpcomingDeletionDto } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Modal } from '@/components/ui/modal';
import { useI18n } from '@/lib/i18n';
import { usePlaceHold } from '../api/place-hold';

interface PlaceHoldDialogProps {
  item: UpcomingDeletionDto;
  onClose: () => void;
  onPlaced: (callRef: string) => void;
}

/** A legal hold with its reason: the recording then stays until a lead releases the hold. */
export function PlaceHoldDialog({ item, onClose, onPlaced }: PlaceHoldDialogProps) {
  const { t } = useI18n();
  const d = t.rights.upcoming.holdDialog;
  const id = useId();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const place = usePlaceHold();
  const missing = attempted && reason.trim() === '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    if (reason.trim() === '') {
      input.current?.focus();
      return;
    }
    place.mutate(
      { recordingId: item.recordingId, reason: reason.trim() },
      {
        onSuccess: () => {
          onPlaced(item.callRef);
          onClose();
        },
      },
    );
  };

  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <form className="form-stack" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`} className="modal__title">
          {d.title}
        </h2>
        <p id={`${id}-desc`}>{d.description(item.callRef)}</p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{d.reason}</label>
          <textarea
            id={`${id}-reason`}
            ref={input}
            rows={3}
            maxLength={2000}
            value={reason}
            required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-reason-error` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {missing && (
            <p id={`${id}-reason-error`} className="field-error">
              {d.reasonRequired}
            </p>
          )}
        </div>
        {place.isError && <ErrorAlert title={d.error} error={place.error} />}
        <div className="modal__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            {d.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={place.isPending}>
            {d.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
