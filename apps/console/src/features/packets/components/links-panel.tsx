import type { PacketDetailDto, ShareLinkDto, StaffUserDto } from '@kura/contracts';
import { useId, useState } from 'react';
import { Modal } from '@/components/ui/modal';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { canLeadPackets } from '@/lib/authorization';
import { useNow } from '@/lib/use-now';
import { useRevokeShareLink } from '../api/packet-actions';
import { actionErrorMessage } from './action-error';
import { LinkStateBadge, linkState } from './badges';
import { CreateLinkDialog } from './create-link-dialog';
import { ActionError } from './error-message';

function RevokeDialog({ packetId, link, onClose }: { packetId: string; link: ShareLinkDto; onClose: () => void }) {
  const { t } = useI18n();
  const r = t.packets.revoke;
  const id = useId();
  const revoke = useRevokeShareLink(packetId, { onSuccess: onClose });
  return (
    <Modal titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={onClose}>
      <h2 id={`${id}-title`} className="modal__title">
        {r.title}
      </h2>
      <p id={`${id}-desc`} className="modal__body">
        {r.body(link.recipientName)}
      </p>
      {revoke.isError && <ActionError error={revoke.error} message={actionErrorMessage(revoke.error, t, r.failed)} />}
      <div className="modal__actions">
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t.common.cancel}
        </button>
        <button type="button" className="button button--danger" disabled={revoke.isPending} onClick={() => revoke.mutate(link.id)}>
          {revoke.isPending ? r.revoking : r.confirm}
        </button>
      </div>
    </Modal>
  );
}

/** The packet's links and their state; leads create them (approved packets only) and revoke them. */
export function LinksPanel({ packet, user }: { packet: PacketDetailDto; user: StaffUserDto | null }) {
  const { t } = useI18n();
  const l = t.packets.links;
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ShareLinkDto | null>(null);
  const now = useNow(30_000);
  const lead = canLeadPackets(user);
  const approved = packet.status === 'approved' || packet.status === 'shared';
  const canCreate = lead && approved && !packet.recipientChanged;

  let hint;
  if (!lead) hint = l.onlyLead;
  else if (!approved) hint = l.needsApproval;
  else if (packet.recipientChanged) hint = l.recipientChanged;
  else hint = l.createHint;

  return (
    <section className="panel" aria-labelledby="packet-links-heading">
      <h2 id="packet-links-heading" className="panel__title">
        {l.title} <span className="count">{packet.links.length}</span>
      </h2>
      <p className="panel__text">{hint}</p>
      {canCreate && (
        <div className="panel__actions">
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {l.create}
          </button>
        </div>
      )}
      {packet.links.length === 0 ? (
        <p className="muted">{l.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={l.table}>
            <thead>
              <tr>
                <th scope="col">{l.recipient}</th>
                <th scope="col">{l.state}</th>
                <th scope="col">{l.expiresAt}</th>
                <th scope="col">{l.views}</th>
                <th scope="col">{l.passphrase}</th>
                <th scope="col">{l.download}</th>
                <th scope="col">{l.createdBy}</th>
                <th scope="col">{lead ? l.actions : <span className="sr-only">{l.actions}</span>}</th>
              </tr>
            </thead>
            <tbody>
              {packet.links.map((link) => {
                const state = linkState(link, now);
                return (
                  <tr key={link.id}>
                    <td>{link.recipientName}</td>
                    <td>
                      <LinkStateBadge state={state} />
                      {link.revokedAt && (
                        <span className="cell-sub">
                          {l.revokedBy(link.revokedBy?.displayName ?? t.common.none, formatDateTime(link.revokedAt))}
                        </span>
                      )}
                    </td>
                    <td className="nowrap">{formatDateTime(link.expiresAt)}</td>
                    <td className="nowrap">{l.viewCount(link.views, link.viewCap)}</td>
                    <td>{link.passphrase ? l.yes : l.no}</td>
                    <td>{link.allowDownload ? l.allowed : l.notAllowed}</td>
                    <td>
                      <span className="cell-main">{link.createdBy.displayName}</span>
                      <span className="cell-sub">{formatDateTime(link.createdAt)}</span>
                    </td>
                    <td>
                      {/* Expired and used-up links stay dead by themselves; a live one can be stopped now. */}
                      {lead && state === 'live' && (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          aria-label={l.revokeLabel(link.recipientName)}
                          onClick={() => setRevoking(link)}
                        >
                          {l.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {creating && <CreateLinkDialog packet={packet} onClose={() => setCreating(false)} />}
      {revoking && <RevokeDialog packetId={packet.id} link={revoking} onClose={() => setRevoking(null)} />}
    </section>
  );
}
