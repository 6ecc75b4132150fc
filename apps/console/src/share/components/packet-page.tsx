import type { SharedPacketDto } from '@kura/contracts';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useShareI18n } from '../i18n';
import { ClipPlayer } from './clip-player';
import { Heading } from './heading';
import { ManifestSection } from './manifest-section';
import { RepliesSection } from './replies-section';

interface PacketPageProps {
  token: string;
  data: SharedPacketDto;
  onChanged: () => Promise<void>;
  onSessionLost: () => Promise<void>;
  onLinkGone: () => void;
}

/** What the agency was given: the packet, its clips, the manifest, and a way to answer. */
export function PacketPage({ token, data, onChanged, onSessionLost, onLinkGone }: PacketPageProps) {
  const { t } = useShareI18n();
  const { packet, link } = data;
  return (
    <>
      <section className="share-card">
        <Heading>{packet.title}</Heading>
        <p className="share-recipient">{t.sharedWith(packet.agency.name, link.recipientName)}</p>
        <p className="share-muted">
          {t.linkExpires(formatDateTime(link.expiresAt))}
          {link.viewsLeft !== null && ` · ${t.viewsLeft(link.viewsLeft)}`}
        </p>
        <p className="share-note">{t.confidential}</p>
      </section>

      <section className="share-card" aria-labelledby="share-summary-heading">
        <h2 id="share-summary-heading">{t.summary}</h2>
        <p className="share-text">{packet.summary}</p>
        <dl className="share-facts">
          <div>
            <dt>{t.creator}</dt>
            <dd>{packet.creator.name}</dd>
          </div>
          <div>
            <dt>{t.call}</dt>
            <dd className="share-mono">{packet.callRef}</dd>
          </div>
          <div>
            <dt>{t.callStartedAt}</dt>
            <dd>{formatDateTime(packet.callStartedAt)}</dd>
          </div>
          <div>
            <dt>{t.approvedAt}</dt>
            <dd>{formatDateTime(packet.approvedAt)}</dd>
          </div>
        </dl>
      </section>

      <section className="share-card" aria-labelledby="share-flags-heading">
        <h2 id="share-flags-heading">{t.flags}</h2>
        {packet.flags.length === 0 ? (
          <p className="share-muted">{t.noFlags}</p>
        ) : (
          <ul className="share-flags">
            {packet.flags.map((flag) => (
              <li key={flag.id}>
                <p>
                  <strong>{t.categories[flag.category]}</strong> · {t.severities[flag.severity]} ·{' '}
                  <span className="share-mono">
                    {formatDuration(flag.startMs)}–{formatDuration(flag.endMs)}
                  </span>
                </p>
                {flag.note && <p className="share-text">{flag.note}</p>}
              </li>
            ))}
          </ul>
        )}
        <h3>{t.decision}</h3>
        {packet.decision ? (
          <p>
            <strong>{t.outcomes[packet.decision.outcome]}</strong>{' '}
            <span className="share-muted">{t.decidedAt(formatDateTime(packet.decision.decidedAt))}</span>
          </p>
        ) : (
          <p className="share-muted">{t.noDecision}</p>
        )}
      </section>

      <section className="share-card" aria-labelledby="share-clips-heading">
        <h2 id="share-clips-heading">{t.clips}</h2>
        {[...packet.clips]
          .sort((a, b) => a.position - b.position)
          .map((clip) => (
            <ClipPlayer key={clip.id} token={token} clip={clip} data={data} />
          ))}
      </section>

      <ManifestSection token={token} />
      <RepliesSection token={token} replies={data.replies} onSent={onChanged} onSessionLost={onSessionLost} onLinkGone={onLinkGone} />
    </>
  );
}
