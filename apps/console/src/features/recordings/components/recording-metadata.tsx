import type { RecordingDetailDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { formatBytes, formatDateTime, formatDuration, shortenHash } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { codecName, formatName } from '@/lib/media-labels';
import { StateBadge } from './state-badge';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function RecordingMetadata({ recording: r }: { recording: RecordingDetailDto }) {
  const { t } = useI18n();
  const none = t.common.none;
  const dimensions = r.width && r.height ? `${r.width} × ${r.height}` : none;
  const format = formatName(r.container, r.contentType);
  return (
    <section className="panel" aria-labelledby="metadata-heading">
      <h2 id="metadata-heading" className="panel__title">
        {t.detail.metadata}
      </h2>
      <dl className="meta-grid">
        <Row label={t.detail.callRef}>
          <span className="mono">{r.callRef}</span>
        </Row>
        <Row label={t.detail.state}>
          <StateBadge state={r.state} />
        </Row>
        <Row label={t.detail.creator}>
          {r.creator.name} <span className="muted mono">({r.creator.ref})</span>
        </Row>
        <Row label={t.detail.agency}>
          {r.agency.name} <span className="muted mono">({r.agency.ref})</span>
        </Row>
        <Row label={t.detail.userRef}>
          <span className="mono">{r.userRef}</span>
        </Row>
        <Row label={t.detail.startedAt}>{formatDateTime(r.startedAt, { seconds: true })}</Row>
        <Row label={t.detail.endedAt}>{formatDateTime(r.endedAt, { seconds: true })}</Row>
        <Row label={t.detail.duration}>{formatDuration(r.durationMs)}</Row>
        <Row label={t.detail.container}>
          {/* ffmpeg's own names stay at hand for engineers, in the tooltip. */}
          <span title={[r.container, r.contentType].filter(Boolean).join(' · ')}>
            {format ?? (r.container ? t.detail.otherFormat : none)}
          </span>
        </Row>
        <Row label={t.detail.codecs}>{`${codecName(r.videoCodec) ?? none} / ${codecName(r.audioCodec) ?? none}`}</Row>
        <Row label={t.detail.dimensions}>{dimensions}</Row>
        <Row label={t.detail.size}>{r.bytes === null ? none : <span title={`${r.bytes} B`}>{formatBytes(r.bytes)}</span>}</Row>
        <Row label={t.detail.sha256}>
          {r.sha256 ? (
            <code className="hash" title={r.sha256}>
              {shortenHash(r.sha256)}
            </code>
          ) : (
            none
          )}
        </Row>
        <Row label={t.detail.privacyPolicyVersion}>
          <span className="mono">{r.policies.privacyPolicyVersion}</span>
        </Row>
        <Row label={t.detail.retentionPolicyVersion}>
          <span className="mono">{r.policies.retentionPolicyVersion}</span>
        </Row>
        <Row label={t.detail.retainUntil}>
          {r.policies.retainUntil ? formatDateTime(r.policies.retainUntil) : none}{' '}
          <span className="muted">({t.detail.retentionReasons[r.policies.retentionReason]})</span>
        </Row>
      </dl>
    </section>
  );
}
