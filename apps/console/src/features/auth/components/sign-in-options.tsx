import type { OidcSignInErrorCode, SessionResponse } from '@kura/contracts';
import { useSearchParams } from 'react-router';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useAuthConfig } from '../api/get-auth-config';
import { LoginForm } from './login-form';

// Checked against the messages (one per code) rather than the contracts' list: a type-only
// import keeps zod out of the login page's bundle.
function isSsoError(value: string, messages: Record<OidcSignInErrorCode, string>): value is OidcSignInErrorCode {
  return Object.hasOwn(messages, value);
}

/**
 * The company-account (SSO) button and/or the password form, as the server allows. A failed SSO
 * sign-in comes back here as `?ssoError=<code>&requestId=<id>`; only known codes are shown, each
 * as its own translated message.
 */
export function SignInOptions({
  redirectTo,
  onSuccess,
}: {
  /** Null: no particular page; the server sends the browser home, which picks a page for the role. */
  redirectTo: string | null;
  onSuccess: (session: SessionResponse) => void;
}) {
  const { t } = useI18n();
  const config = useAuthConfig();
  const [params] = useSearchParams();
  const ssoError = params.get('ssoError');
  const requestId = params.get('requestId');

  if (config.isPending) return <Spinner label={t.common.loading} />;
  // If the server cannot say, offer the password form: it answers for itself when switched off.
  const localLogin = config.data?.localLogin ?? true;
  const oidc = config.data?.oidc;
  const startUrl = redirectTo ? `/api/auth/oidc/start?redirectTo=${encodeURIComponent(redirectTo)}` : '/api/auth/oidc/start';

  return (
    <div className="login-form">
      {ssoError !== null && (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">
            {isSsoError(ssoError, t.auth.sso.errors) ? t.auth.sso.errors[ssoError] : t.auth.sso.errors.oidc_failed}
          </p>
          {requestId && /^[A-Za-z0-9._-]{1,64}$/.test(requestId) && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
        </div>
      )}
      {oidc?.enabled && (
        // A plain link, not fetch: the sign-in is a chain of top-level navigations through the provider.
        <a className="button button--primary button--block" href={startUrl}>
          {t.auth.sso.button}
        </a>
      )}
      {oidc?.enabled && oidc.label && <p className="login-card__hint">{t.auth.sso.provider(oidc.label)}</p>}
      {oidc?.enabled && localLogin && <p className="login-card__divider">{t.auth.sso.or}</p>}
      {localLogin && <LoginForm onSuccess={onSuccess} />}
    </div>
  );
}
