import type { SharedPacketDto } from '@kura/contracts';
import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '@/lib/format';
import { ShareError, shareApi } from '../api';
import { useShareI18n } from '../i18n';

interface RepliesSectionProps {
  token: string;
  replies: SharedPacketDto['replies'];
  onSent: () => Promise<void>;
  onSessionLost: () => Promise<void>;
  /** The link was revoked, expired or used up meanwhile: the whole page says so. */
  onLinkGone: () => void;
}

/** The agency acknowledges receipt and writes back; what it sent is listed, oldest first. */
export function RepliesSection({ token, replies, onSent, onSessionLost, onLinkGone }: RepliesSectionProps) {
  const { t } = useShareI18n();
  const id = useId();
  const [body, setBody] = useState('');
  const [acknowledge, setAcknowledge] = useState(false);
  const [state, setState] = useState<'idle' | 'missing' | 'sending' | 'sent' | 'error' | 'rate-limited'>('idle');
  const [retryAfter, setRetryAfter] = useState<number | null>(null);

  const send = async (payload: { body: string; acknowledge?: boolean }, again: boolean): Promise<void> => {
    try {
      await shareApi.reply(token, payload);
      setBody('');
      setAcknowledge(false);
      setState('sent');
      await onSent();
    } catch (error) {
      // The playback session lapsed (e.g. the computer slept): start a new one and send once more.
      if (error instanceof ShareError && error.status === 401 && !again) {
        await onSessionLost();
        return send(payload, true);
      }
      if (error instanceof ShareError && error.status === 404) {
        onLinkGone();
        return;
      }
      if (error instanceof ShareError && error.status === 429) {
        setRetryAfter(error.retryAfter);
        setState('rate-limited');
        return;
      }
      setState('error');
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = body.trim();
    if (text === '' && !acknowledge) {
      setState('missing');
      return;
    }
    setState('sending');
    void send({ body: text === '' ? t.acknowledgeDefault : text, ...(acknowledge ? { acknowledge: true } : {}) }, false);
  };

  const sorted = [...replies].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <section className="share-card" aria-labelledby="share-replies-heading">
      <h2 id="share-replies-heading">{t.replies}</h2>
      <p>{t.repliesIntro}</p>
      {sorted.length === 0 ? (
        <p className="share-muted">{t.noReplies}</p>
      ) : (
        <ul className="share-replies" aria-label={t.replies}>
          {sorted.map((reply, index) => (
            <li key={`${reply.createdAt}-${index}`}>
              <p className="share-reply__meta">
                {formatDateTime(reply.createdAt)} (JST)
                {reply.acknowledged && <span className="share-badge">{t.acknowledged}</span>}
              </p>
              <p className="share-reply__body">{reply.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="share-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-body`}>{t.replyBody}</label>
        <textarea
          id={`${id}-body`}
          maxLength={4000}
          value={body}
          aria-invalid={state === 'missing' || undefined}
          aria-describedby={state === 'missing' ? `${id}-missing` : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
        <label className="share-checkbox">
          <input type="checkbox" checked={acknowledge} onChange={(e) => setAcknowledge(e.target.checked)} />
          <span>{t.acknowledge}</span>
        </label>
        {state === 'missing' && (
          <p id={`${id}-missing`} role="alert" className="share-error">
            {t.replyMissing}
          </p>
        )}
        {state === 'error' && (
          <p role="alert" className="share-error">
            {t.sendError}
          </p>
        )}
        {state === 'rate-limited' && (
          <p role="alert" className="share-error">
            {t.rateLimitedBody(retryAfter)}
          </p>
        )}
        <p role="status" className="share-muted">
          {state === 'sent' ? t.sent : ''}
        </p>
        <button type="submit" className="share-button share-button--primary" disabled={state === 'sending'}>
          {state === 'sending' ? t.sending : t.send}
        </button>
      </form>
    </section>
  );
}
