import type { AccountCallDto, AccountNoteDto, AccountType } from '@kura/contracts';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { isApiError } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useReviewContext } from '../api/get-review-item';
import { useAddAccountNote } from '../api/notes';
import { MinorBadge } from './badges';

function CallList({ calls }: { calls: AccountCallDto[] }) {
  const { t } = useI18n();
  const c = t.review.context;
  if (calls.length === 0) return <p className="muted small">{c.noCalls}</p>;
  return (
    <ul className="context-calls">
      {calls.map((call) => (
        <li key={call.callRef} className="context-call">
          <span className="context-call__ref">
            {call.reviewItemId ? (
              <Link to={`/queue/${encodeURIComponent(call.reviewItemId)}`} aria-label={c.openItem(call.callRef)} className="mono">
                {call.callRef}
              </Link>
            ) : call.recordingId ? (
              <Link to={`/recordings/${encodeURIComponent(call.recordingId)}`} aria-label={c.openRecording(call.callRef)} className="mono">
                {call.callRef}
              </Link>
            ) : (
              <span className="mono">{call.callRef}</span>
            )}
          </span>
          <span className="muted small">{formatDateTime(call.startedAt)}</span>
          <span className="small">{c.callRow(call.reportCount, call.flagCount)}</span>
          {call.decisions.map((d) => (
            <span
              key={`${d.outcome}-${d.decidedAt}`}
              className={`badge badge--outcome badge--outcome-${d.outcome}`}
              title={formatDateTime(d.decidedAt)}
            >
              {t.review.outcomes[d.outcome]}
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}

function Notes({
  reviewItemId,
  type,
  accountRef,
  notes,
  label,
}: {
  reviewItemId: string;
  type: AccountType;
  accountRef: string;
  notes: AccountNoteDto[];
  label: string;
}) {
  const { t } = useI18n();
  const c = t.review.context;
  const id = useId();
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const add = useAddAccountNote(reviewItemId);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    add.mutate({ type, ref: accountRef, body: body.trim() }, { onSuccess: () => setBody('') });
  };

  return (
    <div className="notes">
      <h4 className="context__subtitle">{c.notes}</h4>
      {notes.length === 0 ? (
        <p className="muted small">{c.noNotes}</p>
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <li key={note.id} className="note">
              <p className="note__body">{note.body}</p>
              <p className="note__meta">{c.noteMeta(note.author.displayName, formatDateTime(note.createdAt))}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="note-form" noValidate onSubmit={onSubmit}>
        <label htmlFor={`${id}-note`} className="sr-only">
          {c.noteLabel(label)}
        </label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={4000}
          placeholder={c.addNote}
          value={body}
          aria-invalid={missing || undefined}
          aria-describedby={`${id}-hint${missing ? ` ${id}-error` : ''}`}
          onChange={(e) => setBody(e.target.value)}
        />
        <p id={`${id}-hint`} className="field-hint">
          {c.notesHint}
        </p>
        {missing && (
          <p id={`${id}-error`} className="field-error">
            {c.noteMissing}
          </p>
        )}
        {add.isError && (
          <p role="alert" className="field-error">
            {c.noteFailed}
            {isApiError(add.error) && add.error.requestId ? ` (${t.common.requestId(add.error.requestId)})` : ''}
          </p>
        )}
        <button type="submit" className="button button--small button--secondary" disabled={add.isPending}>
          {c.noteSubmit}
        </button>
      </form>
    </div>
  );
}

/** The user's and the creator's other calls, with staff notes that follow the account everywhere. */
export function ContextPanel({ reviewItemId }: { reviewItemId: string }) {
  const { t } = useI18n();
  const c = t.review.context;
  const context = useReviewContext(reviewItemId);

  return (
    <section className="panel" aria-labelledby="context-heading">
      <h2 id="context-heading" className="panel__title">
        {c.title}
      </h2>
      {context.isPending && <Spinner label={t.common.loading} />}
      {context.isError && <ErrorAlert title={c.loadError} error={context.error} onRetry={() => void context.refetch()} />}
      {context.isSuccess && (
        <>
          <section className="context" aria-labelledby="context-user">
            <h3 id="context-user" className="context__title">
              <span className="mono">{c.user(context.data.user.ref)}</span> {context.data.user.minor && <MinorBadge />}
            </h3>
            <h4 className="context__subtitle">{c.calls}</h4>
            <CallList calls={context.data.user.calls} />
            <Notes
              reviewItemId={reviewItemId}
              type="user"
              accountRef={context.data.user.ref}
              notes={context.data.user.notes}
              label={c.user(context.data.user.ref)}
            />
          </section>
          <section className="context" aria-labelledby="context-creator">
            <h3 id="context-creator" className="context__title">
              {c.creator(context.data.creator.name)} <span className="muted small">{context.data.creator.agency.name}</span>
            </h3>
            <h4 className="context__subtitle">{c.calls}</h4>
            <CallList calls={context.data.creator.calls} />
            <Notes
              reviewItemId={reviewItemId}
              type="creator"
              accountRef={context.data.creator.ref}
              notes={context.data.creator.notes}
              label={c.creator(context.data.creator.name)}
            />
          </section>
        </>
      )}
    </section>
  );
}
