import type { StaffAccountDto } from '@kura/contracts';
import { useId } from 'react';
import { Modal } from '@/components/ui/modal';
import { useI18n } from '@/lib/i18n';
import { useUpdateStaff } from '../api/staff';
import { ApiErrorAlert } from './api-error-alert';
import { selfProtectionMessage } from './staff-errors';

/** Asks before disabling (which ends the person's sessions) or enabling a staff account. */
export function StaffStatusDialog({
  staff,
  onClose,
  onDone,
}: {
  staff: StaffAccountDto;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const update = useUpdateStaff();
  const disabling = staff.disabledAt === null;
  const body = { disabled: disabling };

  const confirm = () => {
    if (update.isPending) return;
    update.mutate(
      { id: staff.id, body },
      { onSuccess: () => onDone((disabling ? t.staffAdmin.confirm.disabled : t.staffAdmin.confirm.enabled)(staff.displayName)) },
    );
  };

  const selfProtection = update.isError ? selfProtectionMessage(update.error, body, t) : null;

  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <h2 id={`${id}-title`} className="modal__title">
        {(disabling ? t.staffAdmin.confirm.disableTitle : t.staffAdmin.confirm.enableTitle)(staff.displayName)}
      </h2>
      <div id={`${id}-desc`} className="modal__body">
        <p>{staff.email}</p>
        <p>{disabling ? t.staffAdmin.confirm.disableBody : t.staffAdmin.confirm.enableBody}</p>
      </div>
      {update.isError && (
        <ApiErrorAlert title={selfProtection ?? t.staffAdmin.confirm.failed} error={update.error} showServerMessage={!!selfProtection} />
      )}
      <div className="modal__actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t.common.cancel}
        </button>
        <button
          type="button"
          className={`button ${disabling ? 'button--danger' : 'button--primary'}`}
          onClick={confirm}
          // aria-disabled, not disabled: a disabled button would drop the keyboard focus out of the dialog
          aria-disabled={update.isPending || undefined}
        >
          {update.isPending
            ? disabling
              ? t.staffAdmin.confirm.disabling
              : t.staffAdmin.confirm.enabling
            : disabling
              ? t.staffAdmin.disable
              : t.staffAdmin.enable}
        </button>
      </div>
    </Modal>
  );
}
