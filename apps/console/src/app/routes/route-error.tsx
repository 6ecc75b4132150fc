import { useRouteError } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useI18n } from '@/lib/i18n';

/** Last-resort boundary for a render error in a route. */
export function RouteError() {
  const { t } = useI18n();
  const error = useRouteError();
  return (
    <main className="page page--narrow">
      <ErrorAlert title={t.common.genericError} error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
