import { ReasonBody, type PacketDetailDto, type StaffUserDto } from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { canLeadPackets } from '@/lib/authorization';
import { useApprovePacket, useWithdrawApproval } from '../api/packet-actions';
import { actionErrorMessage } from './action-error';
import { ActionError } from './error-message';

function WithdrawDialog({ packetId, onClose }: { packetId: string; onClose: () => void }) {
  const { t } = useI18n();
  const a = t.packets.approval;
  const id = useId();
  const [reason, setReason] = useState('');
  const [attempted, setAttempted] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const withdraw = useWithdrawApproval(packetId, { onSuccess: onClose });
  const missing = attempted && reason.trim() === '';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const body = ReasonBody.safeParse({ reason });
    if (!body.success) {
      input.current?.focus();
      return;
    }
    withdraw.mutate(body.data);
  };

  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <form className="form-stack" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`} className="modal__title">
          {a.withdrawTitle}
        </h2>
        <p id={`${id}-desc`} className="modal__body">
          {a.withdrawBody}
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{a.reason}</label>
          <textarea
            ref={input}
            id={`${id}-reason`}
            maxLength={2000}
            value={reason}
            required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${id}-reason-error` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {missing && (
            <p id={`${id}-reason-error`} className="field-error">
              {a.reasonMissing}
            </p>
          )}
        </div>
        {withdraw.isError && <ActionError error={withdraw.error} message={actionErrorMessage(withdraw.error, t, a.errors.failed)} />}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--danger" disabled={withdraw.isPending}>
            {withdraw.isPending ? a.withdrawing : a.confirmWithdraw}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ApproveForm({ packet }: { packet: PacketDetailDto }) {
  const { t } = useI18n();
  const a = t.packets.approval;
  const id = useId();
  const [confirmMinor, setConfirmMinor] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const checkbox = useRef<HTMLInputElement>(null);
  const approve = useApprovePacket(packet.id);
  const minorMissing = attempted && packet.involvesMinor && !confirmMinor;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    if (packet.involvesMinor && !confirmMinor) {
      checkbox.current?.focus();
      return;
    }
    approve.mutate(packet.involvesMinor ? { confirmMinor: true } : {});
  };

  return (
    <form className="form-stack" onSubmit={onSubmit} noValidate>
      {packet.involvesMinor && (
        <div>
          <label className="checkbox">
            <input
              ref={checkbox}
              type="checkbox"
              checked={confirmMinor}
              aria-invalid={minorMissing || undefined}
              aria-describedby={minorMissing ? `${id}-minor-error` : undefined}
              onChange={(e) => setConfirmMinor(e.target.checked)}
            />
            <span>{a.confirmMinor}</span>
          </label>
          {minorMissing && (
            <p id={`${id}-minor-error`} className="field-error">
              {a.confirmMinorMissing}
            </p>
          )}
        </div>
      )}
      {approve.isError && <ActionError error={approve.error} message={actionErrorMessage(approve.error, t, a.errors.failed)} />}
      <div>
        <button type="submit" className="button button--primary" disabled={approve.isPending}>
          {approve.isPending ? a.approving : a.approve}
        </button>
      </div>
    </form>
  );
}

/**
 * Two people to share: a lead who is not the author approves, with an extra confirmation when a
 * minor is involved; approval can be withdrawn only while no link was ever made.
 */
export function ApprovalPanel({ packet, user }: { packet: PacketDetailDto; user: StaffUserDto | null }) {
  const { t } = useI18n();
  const a = t.packets.approval;
  const [withdrawing, setWithdrawing] = useState(false);
  const lead = canLeadPackets(user);
  const isAuthor = user?.id === packet.author.id;

  let body;
  if (packet.status === 'cutting') {
    body = <p className="muted">{a.waitCutting}</p>;
  } else if (packet.status === 'failed') {
    body = <p className="muted">{a.failed}</p>;
  } else if (packet.status === 'ready') {
    if (!lead) body = <p className="muted">{a.notLead}</p>;
    else if (isAuthor) body = <p className="notice notice--neutral">{a.ownPacket}</p>;
    else if (packet.recipientChanged) body = <p className="muted">{a.recipientChanged}</p>;
    else body = <ApproveForm packet={packet} />;
  } else {
    const approved =
      packet.approvedBy && packet.approvedAt ? a.approvedBy(packet.approvedBy.displayName, formatDateTime(packet.approvedAt)) : null;
    const everLinked = packet.status === 'shared' || packet.links.length > 0;
    body = (
      <>
        {approved && <p>{approved}</p>}
        {everLinked ? (
          <p className="muted">{a.sharedNoWithdraw}</p>
        ) : (
          lead && (
            <>
              <p className="muted">{a.withdrawHint}</p>
              <button type="button" className="button button--secondary" onClick={() => setWithdrawing(true)}>
                {a.withdraw}
              </button>
            </>
          )
        )}
      </>
    );
  }

  return (
    <section className="panel" aria-labelledby="packet-approval-heading">
      <h2 id="packet-approval-heading" className="panel__title">
        {a.title}
      </h2>
      <p className="panel__text">{a.twoPeople}</p>
      {body}
      {withdrawing && <WithdrawDialog packetId={packet.id} onClose={() => setWithdrawing(false)} />}
    </section>
  );
}
