import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { PageHeading } from '@/components/ui/page-heading';
import { Spinner } from '@/components/ui/spinner';
import { useSession } from '@/features/auth/api/get-session';
import { SignInOptions } from '@/features/auth/components/sign-in-options';
import { safeRedirect } from '@/features/auth/components/require-auth';
import { homePath } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

export function LoginRoute() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Back to where the person was going, or else to the first page their roles allow.
  const redirectTo = safeRedirect(params.get('redirectTo'));

  if (session.isPending) return <Spinner className="page-spinner" label={t.auth.checkingSession} />;
  if (session.data) return <Navigate to={redirectTo ?? homePath(session.data.user)} replace />;

  return (
    <main className="login-page">
      <title>{`${t.auth.title} · ${t.common.appName}`}</title>
      <div className="login-card">
        <div className="login-card__head">
          <span className="brand">{t.common.appName}</span>
          <LanguageSwitch />
        </div>
        <PageHeading className="login-card__title">{t.auth.title}</PageHeading>
        <SignInOptions redirectTo={redirectTo} onSuccess={(s) => void navigate(redirectTo ?? homePath(s.user), { replace: true })} />
      </div>
    </main>
  );
}
