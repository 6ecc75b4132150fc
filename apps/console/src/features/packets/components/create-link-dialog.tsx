import {
  CreateShareLinkBody,
  SHARE_LINK_DEFAULT_DAYS,
  SHARE_LINK_MAX_DAYS,
  type CreateShareLinkResponse,
  type PacketDetailDto,
} from '@kura/contracts';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Modal } from '@/components/ui/modal';
import { useI18n } from '@/lib/i18n';
import { useCreateShareLink } from '../api/packet-actions';
import { actionErrorMessage } from './action-error';
import { CopyField } from './copy-field';
import { ActionError } from './error-message';

type Field = 'recipientName' | 'expiresInDays' | 'viewCap' | 'passphrase';
const INTEGER = /^\d+$/;

/** What the form holds, checked field by field (the zod schema then has the last word). */
function validate(form: { recipientName: string; expiresInDays: string; viewCap: string; passphrase: string }) {
  const errors: Partial<Record<Field, true>> = {};
  if (form.recipientName.trim() === '') errors.recipientName = true;
  const days = Number(form.expiresInDays);
  if (!INTEGER.test(form.expiresInDays.trim()) || days < 1 || days > SHARE_LINK_MAX_DAYS) errors.expiresInDays = true;
  const cap = form.viewCap.trim();
  if (cap !== '' && (!INTEGER.test(cap) || Number(cap) < 1 || Number(cap) > 1000)) errors.viewCap = true;
  if (form.passphrase !== '' && form.passphrase.length < 8) errors.passphrase = true;
  return errors;
}

/** Shown once, right after creation: the URL and the token exist nowhere else after this. */
function CreatedLink({ link, titleId, onClose }: { link: CreateShareLinkResponse; titleId: string; onClose: () => void }) {
  const { t } = useI18n();
  const c = t.packets.createLink;
  return (
    <div className="form-stack">
      <h2 id={titleId} className="modal__title">
        {c.createdTitle}
      </h2>
      <div role="alert" className="notice notice--warning show-once">
        {c.showOnce}
      </div>
      <CopyField label={c.url} copyLabel={c.copyUrl} value={link.url} />
      <CopyField label={c.token} copyLabel={c.copyToken} value={link.token} />
      <div className="modal__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          {c.done}
        </button>
      </div>
    </div>
  );
}

/** A scoped link for the packet's (fixed) agency: expiry, optional view cap and passphrase, download or not. */
export function CreateLinkDialog({ packet, onClose }: { packet: PacketDetailDto; onClose: () => void }) {
  const { t } = useI18n();
  const c = t.packets.createLink;
  const id = useId();
  const [form, setForm] = useState({ recipientName: '', expiresInDays: String(SHARE_LINK_DEFAULT_DAYS), viewCap: '', passphrase: '' });
  const [allowDownload, setAllowDownload] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const refs = {
    recipientName: useRef<HTMLInputElement>(null),
    expiresInDays: useRef<HTMLInputElement>(null),
    viewCap: useRef<HTMLInputElement>(null),
    passphrase: useRef<HTMLInputElement>(null),
  };
  const create = useCreateShareLink(packet.id);
  const errors = attempted ? validate(form) : {};

  const set = (field: Field) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));
  const close = () => {
    // Forget the token as the dialog goes: it must not be found again anywhere in the page.
    create.reset();
    onClose();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAttempted(true);
    const found = validate(form);
    const first = (['recipientName', 'expiresInDays', 'viewCap', 'passphrase'] as const).find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    const body = CreateShareLinkBody.safeParse({
      recipientName: form.recipientName,
      expiresInDays: Number(form.expiresInDays),
      ...(form.viewCap.trim() ? { viewCap: Number(form.viewCap) } : {}),
      ...(form.passphrase ? { passphrase: form.passphrase } : {}),
      allowDownload,
    });
    if (body.success) create.mutate(body.data);
  };

  const described = (field: Field, hint?: string) =>
    [errors[field] ? `${id}-${field}-error` : null, hint ? `${id}-${field}-hint` : null].filter(Boolean).join(' ') || undefined;

  if (create.isSuccess) {
    return (
      // A new Modal (key), so focus moves into the answer and later returns to the opener.
      <Modal key="created" titleId={`${id}-title`} onClose={close}>
        <CreatedLink link={create.data} titleId={`${id}-title`} onClose={close} />
      </Modal>
    );
  }

  return (
    <Modal key="form" titleId={`${id}-title`} descriptionId={`${id}-desc`} onClose={close}>
      <form className="form-stack" onSubmit={onSubmit} noValidate>
        <h2 id={`${id}-title`} className="modal__title">
          {c.title}
        </h2>
        <div id={`${id}-desc`} className="modal__body">
          <p>
            <strong>{c.recipientAgency(packet.agency.name)}</strong>
          </p>
          <p>{t.packets.recipientFixed}</p>
          {packet.links.length === 0 && <p>{c.provisionNote}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-recipientName`}>{c.recipientName}</label>
          <input
            ref={refs.recipientName}
            id={`${id}-recipientName`}
            type="text"
            maxLength={200}
            autoComplete="off"
            value={form.recipientName}
            required
            aria-invalid={errors.recipientName || undefined}
            aria-describedby={described('recipientName')}
            onChange={set('recipientName')}
          />
          {errors.recipientName && (
            <p id={`${id}-recipientName-error`} className="field-error">
              {c.recipientNameMissing}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-expiresInDays`}>{c.expiresInDays}</label>
          <input
            ref={refs.expiresInDays}
            id={`${id}-expiresInDays`}
            type="number"
            min={1}
            max={SHARE_LINK_MAX_DAYS}
            step={1}
            value={form.expiresInDays}
            required
            aria-invalid={errors.expiresInDays || undefined}
            aria-describedby={described('expiresInDays', 'hint')}
            onChange={set('expiresInDays')}
          />
          <p id={`${id}-expiresInDays-hint`} className="field-hint">
            {c.expiresHint(SHARE_LINK_MAX_DAYS)}
          </p>
          {errors.expiresInDays && (
            <p id={`${id}-expiresInDays-error`} className="field-error">
              {c.expiresInvalid(SHARE_LINK_MAX_DAYS)}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-viewCap`}>{c.viewCap}</label>
          <input
            ref={refs.viewCap}
            id={`${id}-viewCap`}
            type="number"
            min={1}
            max={1000}
            step={1}
            value={form.viewCap}
            aria-invalid={errors.viewCap || undefined}
            aria-describedby={described('viewCap', 'hint')}
            onChange={set('viewCap')}
          />
          <p id={`${id}-viewCap-hint`} className="field-hint">
            {c.viewCapHint}
          </p>
          {errors.viewCap && (
            <p id={`${id}-viewCap-error`} className="field-error">
              {c.viewCapInvalid}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-passphrase`}>{c.passphrase}</label>
          <input
            ref={refs.passphrase}
            id={`${id}-passphrase`}
            type="password"
            autoComplete="new-password"
            maxLength={200}
            value={form.passphrase}
            aria-invalid={errors.passphrase || undefined}
            aria-describedby={described('passphrase', 'hint')}
            onChange={set('passphrase')}
          />
          <p id={`${id}-passphrase-hint`} className="field-hint">
            {c.passphraseHint}
          </p>
          {errors.passphrase && (
            <p id={`${id}-passphrase-error`} className="field-error">
              {c.passphraseShort}
            </p>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={allowDownload} onChange={(e) => setAllowDownload(e.target.checked)} />
          <span>{c.allowDownload}</span>
        </label>
        {create.isError && <ActionError error={create.error} message={actionErrorMessage(create.error, t, c.failed)} />}
        <div className="modal__actions">
          <button type="button" className="button button--secondary" onClick={close}>
            {t.common.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={create.isPending}>
            {create.isPending ? c.submitting : c.submit}
          </button>
        </div>
      </form>
    </Modal>
  );
}
