import type { Role } from '@kura/contracts';
import type { ReactNode } from 'react';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';

interface ErrorAlertProps {
  /** What failed, in the user's language. */
  title: ReactNode;
  error?: unknown;
  onRetry?: () => void;
  /** What a 403 refused and the roles that would allow it: named in place of the title. */
  forbidden?: { what: string; roles: readonly Role[] };
  /** A way out that fits the error better than retrying (e.g. dropping a bad cursor). */
  action?: { label: string; onClick: () => void };
}

/** An error with the server's request id, so staff can quote it to engineers. */
export function ErrorAlert({ title, error, onRetry, forbidden, action }: ErrorAlertProps) {
  const { t } = useI18n();
  const apiError = isApiError(error) ? error : null;
  // The same request with the same roles is refused again: a retry button could only mislead.
  const refused = apiError?.status === 403;
  const heading =
    refused && forbidden
      ? t.access.needsRole(
          forbidden.what,
          forbidden.roles.map((role) => t.roles[role]),
        )
      : title;
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{heading}</p>
      {apiError?.code === 'network_error' && <p>{t.common.networkError}</p>}
      {apiError?.requestId && <p className="alert__meta">{t.common.requestId(apiError.requestId)}</p>}
      {action ? (
        <button type="button" className="button button--secondary" onClick={action.onClick}>
          {action.label}
        </button>
      ) : (
        onRetry &&
        !refused && (
          <button type="button" className="button button--secondary" onClick={onRetry}>
            {t.common.retry}
          </button>
        )
      )}
    </div>
  );
}
