import type { FlagDto, GrantDto, RecordingDetailDto, ReportDto } from '@kura/contracts';
import { useId, type CSSProperties } from 'react';
import { formatDuration, formatPreciseOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PLAYBACK_RATES, SKIP_MS, type MediaController } from '../hooks/use-media-controller';
import type { Marks } from './marks';
import { ReviewThumbnails } from './review-thumbnails';
import { Timeline } from './timeline';
import { Kbd } from './kbd';

export interface AccessState {
  grant: GrantDto | null;
  live: boolean;
  expired: boolean;
  minutesLeft: number;
}

/** What the reviewer sees and hears now: the wellbeing settings, minus what they chose to reveal. */
export interface ViewState {
  blur: boolean;
  greyscale: boolean;
  muted: boolean;
  thumbnailsBlurred: boolean;
  minor: boolean;
  revealed: boolean;
  revealLocked: boolean;
}

interface ReviewPlayerProps {
  recording: RecordingDetailDto;
  access: AccessState;
  canPlay: boolean;
  onDeclare: () => void;
  controller: MediaController;
  view: ViewState;
  onRevealHold: (held: boolean) => void;
  onRevealLock: (locked: boolean) => void;
  onToggleAudio: () => void;
  marks: Marks;
  onMarkIn: () => void;
  onMarkOut: () => void;
  onClearMarks: () => void;
  onFlagRange: () => void;
  reports: ReportDto[];
  flags: FlagDto[];
}

function hasVideo(recording: Pick<RecordingDetailDto, 'videoCodec' | 'contentType'>): boolean {
  return !recording.contentType.startsWith('audio/') && recording.videoCodec !== null;
}

function videoFilter(view: ViewState): string | undefined {
  const parts = [view.blur ? 'blur(28px)' : '', view.greyscale ? 'grayscale(1)' : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The review player: purpose first, then the media with wellbeing filters, controls, timeline, marks. */
export function ReviewPlayer(props: ReviewPlayerProps) {
  const { recording, access, canPlay, onDeclare, controller, view, marks, reports, flags } = props;
  const { t } = useI18n();
  const p = t.review.player;
  const w = t.review.wellbeing;
  const id = useId();
  const { state } = controller;
  const durationMs = state.durationMs;
  const playable = access.live && access.grant !== null && recording.state === 'ready' && canPlay;

  let body;
  if (!canPlay) {
    body = <p className="notice notice--neutral">{p.roleCannotView}</p>;
  } else if (recording.state === 'processing') {
    body = <p className="notice notice--info">{t.review.item.recordingProcessing}</p>;
  } else if (recording.state === 'unplayable') {
    body = <p className="notice notice--warning">{t.review.item.recordingUnplayable}</p>;
  } else if (!playable) {
    body = (
      <div className="notice notice--purpose">
        {access.expired && (
          <p role="status" className="notice__expired">
            {p.expired}
          </p>
        )}
        <p>{p.declareHint}</p>
        <button type="button" className="button button--primary" aria-keyshortcuts="k" onClick={onDeclare}>
          {p.declare} <Kbd onPrimary>K</Kbd>
        </button>
      </div>
    );
  } else {
    // The recording's own shape reserves the box before the first frame arrives.
    const known = !!recording.width && !!recording.height;
    const style: CSSProperties = {
      filter: videoFilter(view),
      aspectRatio: known ? `${recording.width} / ${recording.height}` : '16 / 9',
      ['--player-ratio' as string]: (known ? recording.width! / recording.height! : 16 / 9).toFixed(4),
    };
    const common = {
      ref: controller.ref,
      src: recording.mediaUrl,
      preload: 'metadata',
      controlsList: 'nodownload',
      'aria-label': p.video,
      'aria-describedby': `${id}-wellbeing`,
      className: 'player player--review',
      onClick: controller.togglePlay,
    } as const;
    body = (
      <>
        <div className="grant-banner">
          <span>{p.grantActive(t.purposes[access.grant!.purpose], access.grant!.reference)}</span>
          <span className="badge badge--timer">{p.remaining(access.minutesLeft)}</span>
        </div>
        <div className="wellbeing-bar" id={`${id}-wellbeing`}>
          <span className={`wellbeing-bar__state${view.revealed && !view.minor ? ' is-revealed' : ''}`} role="status">
            {view.blur || view.greyscale ? w.blurred : w.revealed}
          </span>
          {view.minor && <span className="wellbeing-bar__minor">{w.minorAlwaysBlurred}</span>}
          <button
            type="button"
            className="button button--small button--secondary"
            aria-keyshortcuts="r"
            title={w.holdHint}
            onPointerDown={() => props.onRevealHold(true)}
            onPointerUp={() => props.onRevealHold(false)}
            onPointerLeave={() => props.onRevealHold(false)}
            onPointerCancel={() => props.onRevealHold(false)}
            onKeyDown={(e) => {
              if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) props.onRevealHold(true);
            }}
            onKeyUp={(e) => {
              if (e.key === ' ' || e.key === 'Enter') props.onRevealHold(false);
            }}
            onBlur={() => props.onRevealHold(false)}
          >
            {w.hold} <Kbd>R</Kbd>
          </button>
          <label className="check">
            <input
              type="checkbox"
              checked={view.revealLocked}
              onChange={(e) => props.onRevealLock(e.target.checked)}
              aria-keyshortcuts="Shift+R"
            />
            <span>{w.keepRevealed}</span>
          </label>
          <button type="button" className="button button--small button--ghost" aria-keyshortcuts="m" onClick={props.onToggleAudio}>
            {view.muted ? w.unmute : w.mute} <Kbd>M</Kbd>
          </button>
        </div>
        <div className="player-frame">
          {hasVideo(recording) ? (
            <video key={access.grant!.id} {...common} disablePictureInPicture playsInline style={style} data-testid="review-video" />
          ) : (
            <audio key={access.grant!.id} {...common} data-testid="review-video" />
          )}
        </div>
        <div role="group" aria-label={p.controls} className="controls">
          <button
            type="button"
            className="button button--small button--primary controls__play"
            aria-keyshortcuts="k Space"
            onClick={controller.togglePlay}
          >
            {state.paused ? p.play : p.pause}
          </button>
          <button
            type="button"
            className="button button--small button--secondary"
            aria-keyshortcuts="j ArrowLeft"
            onClick={() => controller.skip(-SKIP_MS)}
          >
            {p.back5}
          </button>
          <button
            type="button"
            className="button button--small button--secondary"
            aria-keyshortcuts=","
            onClick={() => controller.step(-1)}
          >
            {p.prevFrame}
          </button>
          <button type="button" className="button button--small button--secondary" aria-keyshortcuts="." onClick={() => controller.step(1)}>
            {p.nextFrame}
          </button>
          <button
            type="button"
            className="button button--small button--secondary"
            aria-keyshortcuts="l ArrowRight"
            onClick={() => controller.skip(SKIP_MS)}
          >
            {p.forward5}
          </button>
          <span className="controls__time mono">
            <span className="sr-only">{p.position}: </span>
            {formatPreciseOffset(state.currentMs)} / {formatDuration(durationMs)}
          </span>
          <label className="controls__speed">
            <span>{p.speed}</span>
            <select value={state.rate} onChange={(e) => controller.setRate(Number(e.target.value))} aria-keyshortcuts="[ ]">
              {PLAYBACK_RATES.map((rate) => (
                <option key={rate} value={rate}>
                  {`${rate}×`}
                </option>
              ))}
            </select>
          </label>
        </div>
      </>
    );
  }

  return (
    <section className="panel panel--playback" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel__title">
        {p.title}
      </h2>
      {body}
      {durationMs !== null && durationMs > 0 && (
        <Timeline
          durationMs={durationMs}
          currentMs={state.currentMs}
          reports={reports}
          flags={flags}
          marks={marks}
          onSeek={playable && controller.element ? controller.seek : null}
        />
      )}
      {playable && (
        <MarksBar
          marks={marks}
          onMarkIn={props.onMarkIn}
          onMarkOut={props.onMarkOut}
          onClear={props.onClearMarks}
          onFlag={props.onFlagRange}
        />
      )}
      {playable && recording.thumbnails && (
        <ReviewThumbnails
          strip={recording.thumbnails}
          blurred={view.thumbnailsBlurred}
          currentMs={state.currentMs}
          onSeek={controller.seek}
        />
      )}
    </section>
  );
}

function MarksBar({
  marks,
  onMarkIn,
  onMarkOut,
  onClear,
  onFlag,
}: {
  marks: Marks;
  onMarkIn: () => void;
  onMarkOut: () => void;
  onClear: () => void;
  onFlag: () => void;
}) {
  const { t } = useI18n();
  const m = t.review.marks;
  const show = (ms: number | null) => (ms === null ? m.none : formatPreciseOffset(ms));
  return (
    <div role="group" aria-label={m.title} className="marks-bar">
      <span className="marks-bar__value">
        {m.in}:{' '}
        <strong className="mono" data-testid="mark-in">
          {show(marks.inMs)}
        </strong>
      </span>
      <span className="marks-bar__value">
        {m.out}:{' '}
        <strong className="mono" data-testid="mark-out">
          {show(marks.outMs)}
        </strong>
      </span>
      <button type="button" className="button button--small button--secondary" aria-keyshortcuts="i" onClick={onMarkIn}>
        {m.setIn} <Kbd>I</Kbd>
      </button>
      <button type="button" className="button button--small button--secondary" aria-keyshortcuts="o" onClick={onMarkOut}>
        {m.setOut} <Kbd>O</Kbd>
      </button>
      <button
        type="button"
        className="button button--small button--ghost"
        onClick={onClear}
        disabled={marks.inMs === null && marks.outMs === null}
      >
        {m.clear}
      </button>
      <button type="button" className="button button--small button--primary" aria-keyshortcuts="f" onClick={onFlag}>
        {m.flagRange} <Kbd onPrimary>F</Kbd>
      </button>
    </div>
  );
}
