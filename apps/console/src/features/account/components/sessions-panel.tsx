import type { StaffSessionDto } from '@kura/contracts';
import { useRef, useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { SkeletonRows } from '@/components/ui/skeleton-rows';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useRevokeSession, useSessions } from '../api/sessions';
import { summariseUserAgent } from './summarise-user-agent';

// This session first, then the most recently used.
function ordered(items: StaffSessionDto[]): StaffSessionDto[] {
  return [...items].sort((a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt));
}

/** The person's own live sessions; any but this one can be ended here. */
export function SessionsPanel() {
  const { t } = useI18n();
  const s = t.account.sessions;
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const [revoked, setRevoked] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const end = (id: string) => {
    if (revoke.isPending) return;
    setRevoked(false);
    revoke.mutate(id, {
      onSuccess: () => {
        setRevoked(true);
        // The row and its button are gone: keep the keyboard user in this section.
        headingRef.current?.focus();
      },
    });
  };

  return (
    <section className="panel" aria-labelledby="account-sessions">
      <h2 id="account-sessions" ref={headingRef} tabIndex={-1} className="panel__title">
        {s.title}
      </h2>
      <p className="panel__text">{s.help}</p>
      {sessions.isError ? (
        <ErrorAlert title={s.loadError} error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{s.table}</caption>
            <thead>
              <tr>
                <th scope="col">{s.device}</th>
                <th scope="col">{s.createdAt}</th>
                <th scope="col">{s.lastSeenAt}</th>
                <th scope="col">{s.ip}</th>
                <th scope="col">
                  <span className="sr-only">{s.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.isPending && <SkeletonRows rows={2} columns={5} />}
              {sessions.data &&
                ordered(sessions.data.items).map((session) => {
                  const device = summariseUserAgent(session.userAgent) ?? s.unknownDevice;
                  const created = formatDateTime(session.createdAt);
                  return (
                    <tr key={session.id} className={session.current ? 'row--current' : undefined}>
                      <th scope="row" title={session.userAgent ?? undefined}>
                        {device}
                        {session.current && <span className="badge badge--self">{s.current}</span>}
                      </th>
                      <td className="nowrap">{created}</td>
                      <td className="nowrap">{formatDateTime(session.lastSeenAt)}</td>
                      <td>
                        <code>{session.ip ?? t.common.none}</code>
                      </td>
                      <td className="cell-actions">
                        {!session.current && (
                          <button
                            type="button"
                            className="button button--secondary"
                            aria-label={s.revokeLabel(device, created)}
                            aria-disabled={revoke.isPending || undefined}
                            onClick={() => end(session.id)}
                          >
                            {revoke.isPending && revoke.variables === session.id ? s.revoking : s.revoke}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && <ErrorAlert title={s.failed} error={revoke.error} />}
      <div role="status">{revoked && <p className="notice notice--success">{s.revoked}</p>}</div>
    </section>
  );
}
