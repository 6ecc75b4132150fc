import type { FlagDto } from '@kura/contracts';
import { formatDateTime, formatPreciseOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { Kbd } from './kbd';

interface FlagsPanelProps {
  flags: FlagDto[];
  canEdit: boolean;
  canSeek: boolean;
  onSeek: (ms: number) => void;
  onAdd: () => void;
  onEdit: (flag: FlagDto) => void;
  onRetract: (flag: FlagDto) => void;
}

/** Flags on the recording: active first, then retracted (kept, with who and why); each with its history. */
export function FlagsPanel({ flags, canEdit, canSeek, onSeek, onAdd, onEdit, onRetract }: FlagsPanelProps) {
  const { t } = useI18n();
  const f = t.review.flags;
  const ordered = [...flags].sort((a, b) => Number(!!a.retracted) - Number(!!b.retracted) || a.startMs - b.startMs);

  return (
    <section className="panel" aria-labelledby="flags-heading">
      <div className="panel__head">
        <h2 id="flags-heading" className="panel__title">
          {f.title} <span className="count">{flags.filter((flag) => !flag.retracted).length}</span>
        </h2>
        {canEdit && (
          <button type="button" className="button button--small button--secondary" aria-keyshortcuts="f" onClick={onAdd}>
            {f.add} <Kbd>F</Kbd>
          </button>
        )}
      </div>
      {flags.length === 0 ? (
        <p className="muted">{f.empty}</p>
      ) : (
        <ul className="flag-list">
          {ordered.map((flag) => {
            const range = `${formatPreciseOffset(flag.startMs)}–${formatPreciseOffset(flag.endMs)}`;
            return (
              <li key={flag.id} className={`flag${flag.retracted ? ' flag--retracted' : ''}`} data-testid="flag">
                <div className="flag__head">
                  <span className={`severity-dot severity-dot--${flag.severity}`} aria-hidden="true" />
                  <span className="badge badge--category">{t.categories[flag.category]}</span>
                  <span className={`badge badge--severity-${flag.severity}`}>{t.review.severities[flag.severity]}</span>
                  <button
                    type="button"
                    className="link-button mono"
                    disabled={!canSeek || !!flag.retracted}
                    aria-label={f.seek(range)}
                    onClick={() => onSeek(flag.startMs)}
                  >
                    {range}
                  </button>
                  {flag.retracted && <span className="badge badge--retracted">{f.retracted}</span>}
                  {flag.version > 1 && <span className="muted small">{f.version(flag.version)}</span>}
                  {canEdit && !flag.retracted && (
                    <span className="flag__actions">
                      <button type="button" className="button button--small button--ghost" onClick={() => onEdit(flag)}>
                        {f.edit}
                      </button>
                      <button type="button" className="button button--small button--ghost" onClick={() => onRetract(flag)}>
                        {f.retract}
                      </button>
                    </span>
                  )}
                </div>
                {flag.note && <p className="flag__note">{flag.note}</p>}
                <p className="flag__meta">{f.by(flag.author.displayName, formatDateTime(flag.createdAt))}</p>
                {flag.retracted && (
                  <p className="flag__meta">
                    {f.retractedBy(flag.retracted.by.displayName, formatDateTime(flag.retracted.at), flag.retracted.reason)}
                  </p>
                )}
                {flag.history.length > 1 && (
                  <details className="flag__history">
                    <summary>{f.history(flag.history.length)}</summary>
                    <ol>
                      {flag.history.map((rev) => (
                        <li key={rev.version}>
                          <span className="flag__meta">
                            {f.historyEntry(rev.version, rev.editedBy.displayName, formatDateTime(rev.editedAt))}
                          </span>{' '}
                          <span>
                            {t.categories[rev.category]} · {t.review.severities[rev.severity]} ·{' '}
                            <span className="mono">
                              {formatPreciseOffset(rev.startMs)}–{formatPreciseOffset(rev.endMs)}
                            </span>
                          </span>
                          {rev.note && <span className="flag__rev-note"> — {rev.note}</span>}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
