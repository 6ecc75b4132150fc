import type { SharedPacketDto } from '@kura/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ShareError, shareApi } from './api';
import { Heading } from './components/heading';
import { PacketPage } from './components/packet-page';
import { PassphraseForm } from './components/passphrase-form';
import { ShareHeader } from './components/share-header';
import { useShareI18n } from './i18n';

type Phase =
  | { kind: 'loading' }
  | { kind: 'passphrase'; problem: 'none' | 'wrong' | 'expired' }
  | { kind: 'ready'; data: SharedPacketDto }
  | { kind: 'invalid' }
  | { kind: 'rate-limited'; retryAfter: number | null }
  | { kind: 'error' };

/** Renew the playback session when this share of its life is left (at least a few seconds ahead). */
const RENEW_AT = 0.8;
const MIN_RENEW_MS = 5_000;
const RETRY_RENEW_MS = 30_000;

const status = (error: unknown) => (error instanceof ShareError ? error.status : -1);

/**
 * The agency's page for one link. No account: it starts a short-lived session (asking for the
 * passphrase when the link has one) and renews it while the page is open; a wrong, expired,
 * revoked or used-up link all look the same (404).
 */
export function ShareApp({ token }: { token: string }) {
  const { t } = useShareI18n();
  const [phase, setPhase] = useState<Phase>(token ? { kind: 'loading' } : { kind: 'invalid' });
  const [sessionExpiresAt, setSessionExpiresAt] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Kept in memory only, to renew a passphrase session without asking again.
  const passphrase = useRef<string | undefined>(undefined);

  const fail = useCallback((error: unknown) => {
    if (status(error) === 404) setPhase({ kind: 'invalid' });
    else if (status(error) === 429) setPhase({ kind: 'rate-limited', retryAfter: (error as ShareError).retryAfter });
    else setPhase({ kind: 'error' });
  }, []);

  const load = useCallback(async () => {
    const data = await shareApi.get(token);
    setSessionExpiresAt(data.link.sessionExpiresAt);
    setPhase({ kind: 'ready', data });
  }, [token]);

  /** Starts (or renews) the session, then reads the packet. */
  const start = useCallback(
    async (secret: string | undefined) => {
      try {
        const session = await shareApi.startSession(token, secret);
        passphrase.current = secret;
        setSessionExpiresAt(session.expiresAt);
        await load();
      } catch (error) {
        if (status(error) === 401 || (status(error) === 400 && secret !== undefined)) {
          setPhase({ kind: 'passphrase', problem: secret === undefined ? 'none' : 'wrong' });
        } else {
          fail(error);
        }
      }
    },
    [token, load, fail],
  );

  /** First visit: a session may already be running (a reload), which must not count as a new view. */
  const open = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      await load();
    } catch (error) {
      if (error instanceof ShareError && error.status === 401) {
        if (error.details?.passphraseRequired === true && passphrase.current === undefined) {
          setPhase({ kind: 'passphrase', problem: 'none' });
        } else {
          await start(passphrase.current);
        }
      } else {
        fail(error);
      }
    }
  }, [load, start, fail]);

  useEffect(() => {
    if (token) void open();
  }, [open, token]);

  // Renew before the session runs out, for as long as the page is open.
  const ready = phase.kind === 'ready';
  useEffect(() => {
    if (!ready || !sessionExpiresAt) return;
    const left = Date.parse(sessionExpiresAt) - Date.now();
    const timer = window.setTimeout(
      async () => {
        try {
          const session = await shareApi.startSession(token, passphrase.current);
          setSessionExpiresAt(session.expiresAt);
        } catch (error) {
          if (status(error) === 401) setPhase({ kind: 'passphrase', problem: 'expired' });
          else if (status(error) === 404) setPhase({ kind: 'invalid' });
          // A busy server or a dropped connection: try again a little later.
          else setSessionExpiresAt(new Date(Date.now() + RETRY_RENEW_MS / RENEW_AT).toISOString());
        }
      },
      Math.max(MIN_RENEW_MS, left * RENEW_AT),
    );
    return () => window.clearTimeout(timer);
  }, [ready, sessionExpiresAt, token]);

  const submitPassphrase = async (secret: string) => {
    setSubmitting(true);
    try {
      await start(secret);
    } finally {
      setSubmitting(false);
    }
  };

  const refresh = useCallback(async () => {
    try {
      await load();
    } catch (error) {
      if (status(error) === 401) await start(passphrase.current);
      else fail(error);
    }
  }, [load, start, fail]);

  let body;
  switch (phase.kind) {
    case 'loading':
      body = (
        <p role="status" className="share-muted">
          {t.loading}
        </p>
      );
      break;
    case 'passphrase':
      body = <PassphraseForm problem={phase.problem} submitting={submitting} onSubmit={(secret) => void submitPassphrase(secret)} />;
      break;
    case 'invalid':
      body = (
        <section className="share-card share-card--calm">
          <Heading>{t.invalidTitle}</Heading>
          <p>{t.invalidBody}</p>
        </section>
      );
      break;
    case 'rate-limited':
      body = (
        <section className="share-card">
          <Heading>{t.rateLimitedTitle}</Heading>
          <p>{t.rateLimitedBody(phase.retryAfter)}</p>
          <button type="button" className="share-button" onClick={() => void open()}>
            {t.retry}
          </button>
        </section>
      );
      break;
    case 'error':
      body = (
        <section className="share-card">
          <Heading>{t.errorTitle}</Heading>
          <p>{t.errorBody}</p>
          <button type="button" className="share-button" onClick={() => void open()}>
            {t.retry}
          </button>
        </section>
      );
      break;
    case 'ready':
      body = (
        <PacketPage
          token={token}
          data={phase.data}
          onChanged={refresh}
          onSessionLost={() => start(passphrase.current)}
          onLinkGone={() => setPhase({ kind: 'invalid' })}
        />
      );
      break;
  }

  return (
    <div className="share">
      <title>{`${t.pageTitle} · ${t.appName}`}</title>
      <ShareHeader />
      <main className="share-main" id="main">
        {body}
      </main>
      <footer className="share-footer">
        <p>{t.logged}</p>
      </footer>
    </div>
  );
}
