import type { RecordingDetailDto } from '@kura/contracts';
import { useEffect, useRef, type CSSProperties, type RefObject } from 'react';
import { useI18n } from '@/lib/i18n';
import { ThumbnailStrip } from './thumbnail-strip';

export function isAudioOnly(recording: Pick<RecordingDetailDto, 'videoCodec' | 'contentType'>): boolean {
  return recording.contentType.startsWith('audio/') || recording.videoCodec === null;
}

/** Moves the player to `seconds` and gives it focus, so the keyboard controls act on it next. */
export function seekMedia(media: HTMLMediaElement | null, seconds: number): void {
  if (!media) return;
  media.currentTime = seconds;
  media.focus();
}

const FALLBACK_RATIO = 16 / 9;

/** The recording's own shape, so the box fits the picture and the controls sit below it, not on it. */
function playerStyle(recording: Pick<RecordingDetailDto, 'width' | 'height'>): CSSProperties {
  const { width, height } = recording;
  const known = !!width && !!height && width > 0 && height > 0;
  const ratio = known ? width / height : FALLBACK_RATIO;
  return {
    aspectRatio: known ? `${width} / ${height}` : '16 / 9',
    ['--player-ratio' as string]: ratio.toFixed(4),
  };
}

interface MediaPlayerProps {
  recording: RecordingDetailDto;
  grantId: string;
  /** Shared with the page, so that other parts (report times) can seek. */
  mediaRef?: RefObject<HTMLMediaElement | null>;
  /** Take focus when it appears (right after a purpose was declared). */
  autoFocus?: boolean;
}

/**
 * The <video>/<audio> element streaming /media (HTTP Range), plus the thumbnail strip.
 * Mount this only while a live grant exists: both URLs answer 403 without one.
 */
export function MediaPlayer({ recording, grantId, mediaRef, autoFocus = false }: MediaPlayerProps) {
  const { t } = useI18n();
  const ownRef = useRef<HTMLMediaElement | null>(null);
  const setRef = (element: HTMLMediaElement | null) => {
    ownRef.current = element;
    if (mediaRef) mediaRef.current = element;
  };

  useEffect(() => {
    if (autoFocus) ownRef.current?.focus();
  }, [autoFocus, grantId]);

  const common = {
    ref: setRef,
    src: recording.mediaUrl,
    controls: true,
    preload: 'metadata',
    controlsList: 'nodownload',
    // Focusable itself, so focus can be put on it and its keyboard controls work at once.
    tabIndex: 0,
    'aria-label': t.playback.player,
    className: 'player',
  } as const;

  // A minor is never shown unblurred, here as on the review page, whoever watches.
  const blurred = recording.minor;
  // key={grantId}: a new grant gets a fresh element, so a 403 from an expired grant is not kept.
  return (
    <div className="player-wrap">
      {blurred && <p className="notice notice--info">{t.review.wellbeing.minorAlwaysBlurred}</p>}
      {isAudioOnly(recording) ? (
        <audio key={grantId} {...common} />
      ) : (
        <video
          key={grantId}
          {...common}
          disablePictureInPicture
          data-blurred={blurred || undefined}
          style={{ ...playerStyle(recording), ...(blurred ? { filter: 'blur(28px)' } : {}) }}
        />
      )}
      {recording.thumbnails && (
        <ThumbnailStrip strip={recording.thumbnails} blurred={blurred} onSeek={(seconds) => seekMedia(ownRef.current, seconds)} />
      )}
    </div>
  );
}
