import { useRef, useState, type FormEvent } from 'react';
import { PasswordHint } from '@/components/ui/password-hint';
import { TextField } from '@/components/ui/text-field';
import { fieldIssues, isApiError } from '@/lib/api-client';
import { useI18n, type Messages } from '@/lib/i18n';
import { MIN_PASSWORD_LENGTH } from '@/lib/password-strength';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useChangePassword } from '../api/password';

type Field = 'current' | 'next' | 'confirm';
type Errors = Partial<Record<Field, string>>;
interface Draft {
  current: string;
  next: string;
  confirm: string;
}

function validate(d: Draft, t: Messages): Errors {
  const p = t.account.password;
  const errors: Errors = {};
  if (!d.current) errors.current = p.currentRequired;
  if (d.next.length < MIN_PASSWORD_LENGTH) errors.next = p.nextShort(d.next.length);
  else if (d.next === d.current) errors.next = p.nextSame;
  if (!errors.next && d.confirm !== d.next) errors.confirm = p.confirmMismatch;
  return errors;
}

/**
 * The API's refusal at the field it concerns: its 400 names fields by body path; a wrong current
 * password comes back as its own code (we accept any code that speaks of the password or the
 * credentials, since that code is the API's to choose).
 */
function serverErrors(error: unknown, d: Draft, t: Messages): Errors {
  const p = t.account.password;
  const issues = fieldIssues(error);
  const errors: Errors = {};
  if ('currentPassword' in issues) errors.current = p.currentRequired;
  if ('newPassword' in issues)
    errors.next = d.next.length < MIN_PASSWORD_LENGTH ? p.nextShort(d.next.length) : p.nextRejected(issues.newPassword!);
  if (Object.keys(errors).length === 0 && isApiError(error) && error.status < 500 && /password|credential/i.test(error.code)) {
    errors.current = p.currentWrong;
  }
  return errors;
}

const EMPTY: Draft = { current: '', next: '', confirm: '' };

/** Current + new + confirmation; on success the API has ended the person's other sessions. */
export function ChangePasswordForm({ email }: { email: string }) {
  const { t } = useI18n();
  const p = t.account.password;
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [done, setDone] = useState(false);
  const change = useChangePassword();

  const set = (field: Field, value: string) => {
    setDone(false);
    setDraft((d) => ({ ...d, [field]: value }));
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (change.isPending) return;
    setDone(false);
    const found = validate(draft, t);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    change.mutate(
      { currentPassword: draft.current, newPassword: draft.next },
      {
        onSuccess: () => {
          setDraft(EMPTY);
          setDone(true);
        },
        onError: (error) => {
          const server = serverErrors(error, draft, t);
          setErrors(server);
          if (Object.keys(server).length > 0) focusFirstInvalid();
        },
      },
    );
  };

  const error = change.isError && Object.keys(errors).length === 0 ? change.error : null;
  const requestId = isApiError(error) ? error.requestId : null;
  const rateLimited = isApiError(error) && error.status === 429;

  return (
    <section className="panel" aria-labelledby="account-password">
      <h2 id="account-password" className="panel__title">
        {p.title}
      </h2>
      <form ref={formRef} className="stack-form" onSubmit={onSubmit} noValidate>
        {/* Lets password managers file the change under the right account. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label={p.current}
          type="password"
          autoComplete="current-password"
          maxLength={1024}
          required
          value={draft.current}
          error={errors.current}
          onChange={(e) => set('current', e.target.value)}
        />
        <TextField
          label={p.next}
          type="password"
          autoComplete="new-password"
          maxLength={1024}
          required
          value={draft.next}
          error={errors.next}
          hint={<PasswordHint password={draft.next} />}
          onChange={(e) => set('next', e.target.value)}
        />
        <TextField
          label={p.confirm}
          type="password"
          autoComplete="new-password"
          maxLength={1024}
          required
          value={draft.confirm}
          error={errors.confirm}
          onChange={(e) => set('confirm', e.target.value)}
        />
        {error !== null && (
          <div role="alert" className="alert alert--error">
            <p className="alert__title">{rateLimited ? p.rateLimited : p.failed}</p>
            {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
          </div>
        )}
        <div role="status">{done && <p className="notice notice--success">{p.done}</p>}</div>
        <div>
          <button type="submit" className="button button--primary" disabled={change.isPending}>
            {change.isPending ? p.submitting : p.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
