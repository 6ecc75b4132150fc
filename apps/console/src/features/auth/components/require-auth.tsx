import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useSession } from '../api/get-session';

/** Renders its children only for a signed-in user; otherwise sends them to /login and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <Spinner className="page-spinner" label={t.auth.checkingSession} />;
  if (session.isError && session.data === undefined) {
    return (
      <main className="page page--narrow">
        <ErrorAlert title={t.common.genericError} error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) {
    const redirectTo = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?redirectTo=${encodeURIComponent(redirectTo)}`} replace />;
  }
  return <>{children}</>;
}

/** Only same-app paths are accepted as a post-login destination (no open redirect); null otherwise. */
export function safeRedirect(value: string | null): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/login')) return null;
  return value;
}
