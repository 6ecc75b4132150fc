import type { ReviewItemDetailDto } from '@kura/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { elapsedSince as elapsed, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useNow } from '@/lib/use-now';
import { MinorBadge } from './badges';
import { BandBadge, PriorityReasonsList } from './priority';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The item at a glance: the call, who is involved, where it came from, and why it ranks where it does. */
export function ItemSummary({ item }: { item: ReviewItemDetailDto }) {
  const { t } = useI18n();
  const i = t.review.item;
  const now = useNow(15_000);
  return (
    <section className="panel" aria-labelledby="summary-heading">
      <h2 id="summary-heading" className="panel__title">
        {i.summary}
      </h2>
      <dl className="meta-grid">
        <Row label={i.callRef}>
          <span className="mono">{item.call.ref}</span>
        </Row>
        <Row label={i.callTime}>{formatDateTime(item.call.startedAt)}</Row>
        <Row label={i.creator}>
          {item.creator.name} <span className="muted mono">({item.creator.ref})</span>
        </Row>
        <Row label={i.agency}>{item.agency.name}</Row>
        <Row label={i.user}>
          <span className="mono">{item.userRef}</span> {item.minor && <MinorBadge />}
        </Row>
        <Row label={i.source}>{t.review.sources[item.source]}</Row>
        <Row label={i.queue}>{t.review.queues[item.queue]}</Row>
        <Row label={i.openedAt}>
          {formatDateTime(item.openedAt)} <span className="muted">({i.waiting(t.review.age(elapsed(item.openedAt, now)))})</span>
        </Row>
        {item.openedBy && <Row label={i.openedBy}>{item.openedBy.displayName}</Row>}
        {item.openNote && <Row label={i.openNote}>{item.openNote}</Row>}
        {item.recording && (
          <Row label={i.recording}>
            <Link to={`/recordings/${encodeURIComponent(item.recording.id)}`}>{i.openRecording}</Link>
          </Row>
        )}
      </dl>
      <h3 className="panel__subtitle">
        {t.review.priority.reasonsTitle} <BandBadge band={item.priorityBand} />{' '}
        <span className="mono">{t.review.priority.score(item.priority)}</span>
      </h3>
      <PriorityReasonsList reasons={item.priorityReasons} score={item.priority} />
    </section>
  );
}
