import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '@/lib/i18n';
import { useMyExposure } from '../api/get-my-exposure';
import { formatPlayedMinutes } from './format-minutes';
import { SeverityBreakdown } from './severity-breakdown';
import { TeamExposurePanel } from './team-exposure-panel';

/**
 * "Played today" in the header for people who watch media: a button that discloses the split
 * by severity, the break threshold and, for leads, the team's totals. Shown only to moderators
 * and leads (the caller decides); it never ranks or names anyone.
 */
export function ExposureIndicator({ showTeam }: { showTeam: boolean }) {
  const { t } = useI18n();
  const exposure = useMyExposure({ enabled: true });
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !wrapRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  const data = exposure.data;
  const played = data ? formatPlayedMinutes(data.totalMs, t) : t.common.none;
  const breakDue = data?.breakDue ?? false;
  const summary = data
    ? (['critical', 'high', 'medium', 'low', 'none'] as const)
        .map((s) => `${t.exposure.severity[s]} ${formatPlayedMinutes(data.bySeverity[s] ?? 0, t)}`)
        .join(' / ')
    : undefined;

  return (
    <div ref={wrapRef} className="exposure">
      <button
        ref={buttonRef}
        type="button"
        className={`exposure__button${breakDue ? ' exposure__button--break' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        title={summary}
        onClick={() => setOpen((v) => !v)}
      >
        <span>{t.exposure.button(played)}</span>
        {breakDue && (
          <>
            {' '}
            <span className="badge exposure__badge">{t.exposure.breakBadge}</span>
          </>
        )}
      </button>
      <div id={panelId} className="exposure__panel" hidden={!open}>
        {exposure.isError ? (
          <p role="alert" className="field-error">
            {t.exposure.loadError}
          </p>
        ) : data ? (
          <>
            <h2 className="exposure__title">{t.exposure.title(data.day)}</h2>
            <dl className="exposure-team__totals">
              <div className="severity-breakdown__row">
                <dt>{t.exposure.total}</dt>
                <dd>{played}</dd>
              </div>
            </dl>
            <SeverityBreakdown bySeverity={data.bySeverity} label={t.exposure.bySeverity} />
            <p className="muted exposure__note">{t.exposure.threshold(data.breakThresholdMinutes)}</p>
            {breakDue && <p className="notice notice--info">{t.exposure.breakDue(data.breakThresholdMinutes)}</p>}
          </>
        ) : (
          <p className="muted">{t.common.loading}</p>
        )}
        {open && showTeam && <TeamExposurePanel />}
      </div>
    </div>
  );
}
