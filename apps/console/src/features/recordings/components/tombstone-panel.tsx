import type { RecordingExpiryDto } from '@kura/contracts';
import { formatBytes, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

/** Stands in for the player once the retention job destroyed the recording: what, when and why. */
export function TombstonePanel({ expiry }: { expiry: RecordingExpiryDto }) {
  const { t } = useI18n();
  const m = t.retention;
  return (
    <section className="panel" aria-labelledby="tombstone-heading">
      <h2 id="tombstone-heading" className="panel__title">
        {m.tombstone.title}
      </h2>
      <p className="panel__text">{m.tombstone.text}</p>
      <dl className="meta-grid">
        <div className="meta-row">
          <dt>{m.tombstone.expiredAt}</dt>
          <dd>{formatDateTime(expiry.expiredAt)}</dd>
        </div>
        <div className="meta-row">
          <dt>{m.tombstone.reason}</dt>
          <dd>{m.reasons[expiry.reason] ?? expiry.reason}</dd>
        </div>
        <div className="meta-row">
          <dt>{m.tombstone.run}</dt>
          <dd className="mono">{expiry.runId}</dd>
        </div>
      </dl>
      <div className="table-wrap">
        <table className="table">
          <caption>{m.tombstone.objects}</caption>
          <thead>
            <tr>
              <th scope="col">{m.tombstone.kind}</th>
              <th scope="col">{m.tombstone.bytes}</th>
              <th scope="col">{m.tombstone.sha256}</th>
            </tr>
          </thead>
          <tbody>
            {expiry.tombstones.map((s) => (
              <tr key={s.objectId}>
                <td>{m.kinds[s.kind] ?? s.kind}</td>
                <td>{formatBytes(s.plaintextBytes)}</td>
                <td className="mono">{s.sha256 ?? t.common.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
