import type { HoldDto } from '@kura/contracts';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

interface HoldsPanelProps {
  holds: HoldDto[];
  /** Leads only; null hides the buttons. */
  onPlace: (() => void) | null;
  onRelease: ((hold: HoldDto) => void) | null;
}

/** Legal holds on the recording: active first, released ones kept with who and why. */
export function HoldsPanel({ holds, onPlace, onRelease }: HoldsPanelProps) {
  const { t } = useI18n();
  const h = t.review.holds;
  const ordered = [...holds].sort((a, b) => Number(!!a.released) - Number(!!b.released) || b.placedAt.localeCompare(a.placedAt));
  return (
    <section className="panel" aria-labelledby="holds-heading">
      <div className="panel__head">
        <h2 id="holds-heading" className="panel__title">
          {h.title}
        </h2>
        {onPlace && (
          <button type="button" className="button button--small button--secondary" onClick={onPlace}>
            {h.place}
          </button>
        )}
      </div>
      {holds.length === 0 ? (
        <p className="muted">{h.none}</p>
      ) : (
        <ul className="hold-list">
          {ordered.map((hold) => (
            <li key={hold.id} className={`hold${hold.released ? ' hold--released' : ''}`}>
              <div className="hold__head">
                <span className={`badge ${hold.released ? 'badge--released' : 'badge--hold'}`}>
                  {hold.released ? h.released : h.active}
                </span>
                <span className="hold__meta">{h.placedBy(hold.placedBy.displayName, formatDateTime(hold.placedAt))}</span>
                {onRelease && !hold.released && (
                  <button type="button" className="button button--small button--ghost" onClick={() => onRelease(hold)}>
                    {h.release}
                  </button>
                )}
              </div>
              <p className="hold__reason">{hold.reason}</p>
              {hold.released && (
                <p className="hold__meta">
                  {h.releasedBy(hold.released.by.displayName, formatDateTime(hold.released.at), hold.released.reason)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
