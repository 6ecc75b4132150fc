import type { SessionResponse } from '@kura/contracts';
import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '@/lib/api-client';
import { useI18n, type Messages } from '@/lib/i18n';
import { useLogin } from '../api/login';

function loginErrorMessage(error: unknown, t: Messages): string {
  if (isApiError(error)) {
    if (error.code === 'invalid_credentials' || error.status === 401) return t.auth.invalidCredentials;
    if (error.code === 'rate_limited' || error.status === 429) return t.auth.rateLimited;
    if (error.code === 'local_login_disabled') return t.auth.sso.localLoginDisabled;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return t.auth.failed;
}

export function LoginForm({ onSuccess }: { onSuccess: (session: SessionResponse) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin({ onSuccess });
  const errorId = useId();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (login.isPending) return;
    login.mutate({ email: email.trim(), password });
  };

  const error = login.isError ? login.error : null;
  const requestId = isApiError(error) ? error.requestId : null;

  return (
    <form className="login-form" onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
      <div className="field">
        <label htmlFor="login-email">{t.auth.email}</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t.auth.password}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error !== null && (
        <div id={errorId} role="alert" className="alert alert--error">
          <p className="alert__title">{loginErrorMessage(error, t)}</p>
          {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
        </div>
      )}
      <button type="submit" className="button button--primary button--block" disabled={login.isPending}>
        {login.isPending ? t.auth.submitting : t.auth.submit}
      </button>
    </form>
  );
}
