import type { PacketDetailDto } from '@kura/contracts';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { formatClipTime } from './clip-time';

/** The flags the author chose to include, with their notes, and the decision if any. */
export function PacketFlags({ packet }: { packet: PacketDetailDto }) {
  const { t } = useI18n();
  const d = t.packets.detail;
  return (
    <>
      <section className="panel" aria-labelledby="packet-flags-heading">
        <h2 id="packet-flags-heading" className="panel__title">
          {d.flags} <span className="count">{packet.flags.length}</span>
        </h2>
        {packet.flags.length === 0 ? (
          <p className="muted">{d.noFlags}</p>
        ) : (
          <ul className="report-list">
            {packet.flags.map((flag) => (
              <li key={flag.id} className="report">
                <div className="report__head">
                  <span className="badge badge--category">{t.categories[flag.category]}</span>
                  <span className="report__meta">{t.packets.severities[flag.severity]}</span>
                  <span className="report__meta mono">{d.flagRange(formatClipTime(flag.startMs), formatClipTime(flag.endMs))}</span>
                </div>
                {flag.note && <p className="report__note">{flag.note}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="packet-decision-heading">
        <h2 id="packet-decision-heading" className="panel__title">
          {d.decision}
        </h2>
        {packet.decision ? (
          <>
            <p>
              <strong>{t.packets.outcomes[packet.decision.outcome]}</strong>{' '}
              <span className="muted">{d.decidedAt(formatDateTime(packet.decision.decidedAt))}</span>
            </p>
            <p className="report__note">{packet.decision.rationale}</p>
          </>
        ) : (
          <p className="muted">{d.noDecision}</p>
        )}
      </section>
    </>
  );
}
