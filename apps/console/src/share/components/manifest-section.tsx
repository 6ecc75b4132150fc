import type { SignedManifest } from '@kura/contracts';
import { useState } from 'react';
import { SIGNING_KEYS_URL, manifestUrl, shareApi } from '../api';
import { useShareI18n } from '../i18n';

/** The signed manifest: download it (and the public keys), look at it, and how to check it offline. */
export function ManifestSection({ token }: { token: string }) {
  const { t } = useShareI18n();
  const [manifest, setManifest] = useState<SignedManifest | null>(null);
  const [state, setState] = useState<'closed' | 'loading' | 'open' | 'error'>('closed');

  const toggle = async () => {
    if (state === 'open') {
      setState('closed');
      return;
    }
    if (manifest) {
      setState('open');
      return;
    }
    setState('loading');
    try {
      setManifest(await shareApi.manifest(token));
      setState('open');
    } catch {
      setState('error');
    }
  };

  return (
    <section className="share-card" aria-labelledby="share-manifest-heading">
      <h2 id="share-manifest-heading">{t.manifest}</h2>
      <p>{t.manifestIntro}</p>
      <div className="share-actions">
        <a className="share-button" href={manifestUrl(token)} download="manifest.json">
          {t.manifestDownload}
        </a>
        <a className="share-button" href={SIGNING_KEYS_URL} download="kura-signing-keys.json">
          {t.keysLink}
        </a>
        <button type="button" className="share-button" aria-expanded={state === 'open'} onClick={() => void toggle()}>
          {state === 'open' ? t.manifestHide : t.manifestShow}
        </button>
      </div>
      {state === 'loading' && <p role="status">{t.loading}</p>}
      {state === 'error' && (
        <p role="alert" className="share-error">
          {t.manifestError}
        </p>
      )}
      {state === 'open' && manifest && (
        <>
          <p className="share-mono">{t.manifestKeyId(manifest.signature.keyId)}</p>
          <pre className="share-json" tabIndex={0}>
            {JSON.stringify(manifest, null, 2)}
          </pre>
        </>
      )}
      <h3>{t.verifyTitle}</h3>
      <ol className="share-steps">
        {t.verifySteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </section>
  );
}
