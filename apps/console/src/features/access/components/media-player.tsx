import type { RecordingDetailDto } from '@kura/contracts';
import { useRef } from 'react';
import { useI18n } from '@/lib/i18n';
import { ThumbnailStrip } from './thumbnail-strip';

export function isAudioOnly(recording: Pick<RecordingDetailDto, 'videoCodec' | 'contentType'>): boolean {
  return recording.contentType.startsWith('audio/') || recording.videoCodec === null;
}

/**
 * The <video>/<audio> element streaming /media (HTTP Range), plus the thumbnail strip.
 * Mount this only while a live grant exists: both URLs answer 403 without one.
 */
export function MediaPlayer({ recording, grantId }: { recording: RecordingDetailDto; grantId: string }) {
  const { t } = useI18n();
  const mediaRef = useRef<HTMLMediaElement | null>(null);
  const setRef = (element: HTMLMediaElement | null) => {
    mediaRef.current = element;
  };
  const seek = (seconds: number) => {
    const media = mediaRef.current;
    if (!media) return;
    media.currentTime = seconds;
    media.focus();
  };
  const common = {
    ref: setRef,
    src: recording.mediaUrl,
    controls: true,
    preload: 'metadata',
    controlsList: 'nodownload',
    'aria-label': t.playback.player,
    className: 'player',
  } as const;

  // key={grantId}: a new grant gets a fresh element, so a 403 from an expired grant is not kept.
  return (
    <div className="player-wrap">
      {isAudioOnly(recording) ? (
        <audio key={grantId} {...common} />
      ) : (
        <video
          key={grantId}
          {...common}
          disablePictureInPicture
          width={recording.width ?? undefined}
          height={recording.height ?? undefined}
        />
      )}
      {recording.thumbnails && <ThumbnailStrip strip={recording.thumbnails} onSeek={seek} />}
    </div>
  );
}
