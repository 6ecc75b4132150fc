import type { SignedManifest } from '@kura/contracts';
import { useI18n } from '@/lib/i18n';

export const SIGNING_KEYS_PATH = '/.well-known/kura-signing-keys.json';

/** A data: URL keeps the download a plain link: no object URL to leak, and it works without a click handler. */
export function manifestHref(manifest: SignedManifest): string {
  return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(manifest, null, 2))}`;
}

/** The signed manifest (once approved): its key id, a JSON download, and how to check it offline. */
export function ManifestPanel({ packetId, manifest }: { packetId: string; manifest: SignedManifest | null }) {
  const { t } = useI18n();
  const m = t.packets.manifest;
  return (
    <section className="panel" aria-labelledby="packet-manifest-heading">
      <h2 id="packet-manifest-heading" className="panel__title">
        {m.title}
      </h2>
      {!manifest ? (
        <p className="muted">{m.pending}</p>
      ) : (
        <>
          <dl className="meta-grid">
            <div className="meta-row">
              <dt>{m.keyId}</dt>
              <dd className="mono">{manifest.signature.keyId}</dd>
            </div>
            <div className="meta-row">
              <dt>{m.alg}</dt>
              <dd>{manifest.signature.alg}</dd>
            </div>
            <div className="meta-row">
              <dt>{m.clips}</dt>
              <dd>{manifest.payload.clips.length}</dd>
            </div>
            <div className="meta-row">
              <dt>{m.policy}</dt>
              <dd>{manifest.payload.privacyPolicy.version}</dd>
            </div>
          </dl>
          <div className="panel__actions">
            <a className="button button--secondary" href={manifestHref(manifest)} download={`packet-${packetId}-manifest.json`}>
              {m.download}
            </a>
          </div>
          <details className="verify-steps">
            <summary>{m.verifyTitle}</summary>
            <p>{m.verifyCli}</p>
            <pre>{`pnpm kura packet verify packet-${packetId}-manifest.json --clips <DIR> --keys kura-signing-keys.json`}</pre>
            <p>{m.verifyOpenssl}</p>
            <pre>openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in canonical.json -sigfile sig.bin</pre>
            <p>{m.verifyClips}</p>
            <p>
              <a href={SIGNING_KEYS_PATH}>{m.keysLink}</a>
            </p>
          </details>
        </>
      )}
    </section>
  );
}
