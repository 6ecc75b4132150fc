import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** A failed change: what failed, why when the API said so (e.g. a 409), and the request id. */
export function ApiErrorAlert({ title, error, showServerMessage = false }: { title: string; error: unknown; showServerMessage?: boolean }) {
  const { t } = useI18n();
  const apiError = isApiError(error) ? error : null;
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{title}</p>
      {apiError?.code === 'network_error' && <p>{t.common.networkError}</p>}
      {showServerMessage && apiError?.message && <p>{t.staffAdmin.serverSaid(apiError.message)}</p>}
      {apiError?.requestId && <p className="alert__meta">{t.common.requestId(apiError.requestId)}</p>}
    </div>
  );
}
