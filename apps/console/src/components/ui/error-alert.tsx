import type { ReactNode } from 'react';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

interface ErrorAlertProps {
  /** What failed, in the user's language. */
  title: ReactNode;
  error?: unknown;
  onRetry?: () => void;
}

/** An error with the server's request id, so staff can quote it to engineers. */
export function ErrorAlert({ title, error, onRetry }: ErrorAlertProps) {
  const { t } = useI18n();
  const apiError = isApiError(error) ? error : null;
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{title}</p>
      {apiError?.code === 'network_error' && <p>{t.common.networkError}</p>}
      {apiError?.requestId && <p className="alert__meta">{t.common.requestId(apiError.requestId)}</p>}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t.common.retry}
        </button>
      )}
    </div>
  );
}
