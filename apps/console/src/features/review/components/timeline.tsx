import type { FlagDto, ReportDto } from '@kura/contracts';
import type { KeyboardEvent, MouseEvent } from 'react';
import { formatDuration, formatPreciseOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { SKIP_MS } from '../hooks/use-media-controller';
import type { Marks } from './marks';

interface TimelineProps {
  durationMs: number;
  currentMs: number;
  reports: ReportDto[];
  flags: FlagDto[];
  marks: Marks;
  /** null when nothing can be played (no grant yet): the timeline is an overview only. */
  onSeek: ((ms: number) => void) | null;
}

const pct = (ms: number, durationMs: number) => `${Math.min(100, Math.max(0, (ms / durationMs) * 100))}%`;

/**
 * The recording at a glance: report times and flags as markers above and below the track, the
 * marked range, the playhead. The track is a slider (arrows ±5 s, Page Up/Down ±30 s, Home/End);
 * each marker is a button that seeks to its time.
 */
export function Timeline({ durationMs, currentMs, reports, flags, marks, onSeek }: TimelineProps) {
  const { t } = useI18n();
  const p = t.review.player;
  const active = flags.filter((f) => !f.retracted);
  const timedReports = reports.filter((r): r is ReportDto & { atSeconds: number } => r.atSeconds !== null);
  const disabled = onSeek === null;

  const onTrackClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!onSeek) return;
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    onSeek(((event.clientX - box.left) / box.width) * durationMs);
  };
  const onTrackKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!onSeek) return;
    const delta: Record<string, number> = {
      ArrowLeft: -SKIP_MS,
      ArrowDown: -SKIP_MS,
      ArrowRight: SKIP_MS,
      ArrowUp: SKIP_MS,
      PageDown: -30_000,
      PageUp: 30_000,
    };
    if (event.key in delta) onSeek(currentMs + delta[event.key]!);
    else if (event.key === 'Home') onSeek(0);
    else if (event.key === 'End') onSeek(durationMs);
    else return;
    event.preventDefault();
  };
  const range = marks.inMs !== null && marks.outMs !== null && marks.outMs > marks.inMs ? { start: marks.inMs, end: marks.outMs } : null;

  return (
    <div className="timeline">
      <ul className="timeline__lane timeline__lane--flags" aria-label={p.legendFlags}>
        {active.map((flag) => (
          <li
            key={flag.id}
            style={{ left: pct(flag.startMs, durationMs), width: `max(6px, ${pct(flag.endMs - flag.startMs, durationMs)})` }}
          >
            <button
              type="button"
              className={`timeline__flag timeline__flag--${flag.severity}`}
              disabled={disabled}
              aria-label={p.flagMarker(
                t.categories[flag.category],
                t.review.severities[flag.severity],
                formatPreciseOffset(flag.startMs),
                formatPreciseOffset(flag.endMs),
              )}
              title={`${t.categories[flag.category]} · ${t.review.severities[flag.severity]}`}
              onClick={() => onSeek?.(flag.startMs)}
            />
          </li>
        ))}
      </ul>
      <div
        role="slider"
        tabIndex={disabled ? -1 : 0}
        aria-label={p.timeline}
        aria-disabled={disabled || undefined}
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(currentMs / 1000)}
        aria-valuetext={p.timelineValue(formatDuration(currentMs), formatDuration(durationMs))}
        className="timeline__track"
        onClick={onTrackClick}
        onKeyDown={onTrackKey}
      >
        {range && (
          <span
            className="timeline__range"
            style={{ left: pct(range.start, durationMs), width: pct(range.end - range.start, durationMs) }}
          />
        )}
        {marks.inMs !== null && <span className="timeline__mark timeline__mark--in" style={{ left: pct(marks.inMs, durationMs) }} />}
        {marks.outMs !== null && <span className="timeline__mark timeline__mark--out" style={{ left: pct(marks.outMs, durationMs) }} />}
        <span className="timeline__progress" style={{ width: pct(currentMs, durationMs) }} />
        <span className="timeline__playhead" style={{ left: pct(currentMs, durationMs) }} />
      </div>
      <ul className="timeline__lane timeline__lane--reports" aria-label={p.legendReports}>
        {timedReports.map((report) => (
          <li key={report.id} style={{ left: pct(report.atSeconds * 1000, durationMs) }}>
            <button
              type="button"
              className="timeline__report"
              disabled={disabled}
              aria-label={p.reportMarker(t.categories[report.category], formatDuration(report.atSeconds * 1000))}
              title={t.categories[report.category]}
              onClick={() => onSeek?.(report.atSeconds * 1000)}
            />
          </li>
        ))}
      </ul>
      <div className="timeline__scale" aria-hidden="true">
        <span>0:00</span>
        <span>{formatDuration(durationMs)}</span>
      </div>
    </div>
  );
}
