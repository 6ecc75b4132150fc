import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

/** A failed action's message and the request id staff can quote. */
export function ActionError({ error, message }: { error: unknown; message: string }) {
  const { t } = useI18n();
  const requestId = isApiError(error) ? error.requestId : null;
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{message}</p>
      {requestId && <p className="alert__meta">{t.common.requestId(requestId)}</p>}
    </div>
  );
}
