import type { SharedPacketDto } from '@kura/contracts';
import { useRef, useState } from 'react';
import { formatBytes, formatDuration } from '@/lib/format';
import { clipDownloadUrl, clipUrl } from '../api';
import { useShareI18n } from '../i18n';

type Clip = SharedPacketDto['packet']['clips'][number];

/** One clip, played from the link (each range request re-checked by the server), with the overlay. */
export function ClipPlayer({ token, clip, data }: { token: string; clip: Clip; data: SharedPacketDto }) {
  const { t } = useShareI18n();
  const [failed, setFailed] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const { allowDownload, recipientName } = data.link;
  const audio = clip.contentType.startsWith('audio/');
  const title = t.clipTitle(clip.position, formatDuration(clip.startMs), formatDuration(clip.endMs));
  const common = {
    src: clipUrl(token, clip.id),
    controls: true,
    preload: 'metadata',
    'aria-label': t.player(clip.position),
    // The browser's own full screen would show the video without the overlay: ours (below) keeps
    // it. Without download rights, do not offer the browser's save button either.
    controlsList: allowDownload ? 'nofullscreen' : 'nofullscreen nodownload',
    onError: () => setFailed(true),
    className: 'share-media',
  } as const;

  return (
    <article className="share-clip" aria-label={title}>
      <h3 className="share-clip__title">{title}</h3>
      <div ref={frame} className={`share-player${audio ? ' share-player--audio' : ''}`}>
        {audio ? <audio {...common} /> : <video {...common} disablePictureInPicture playsInline />}
        {/* Whoever watches, and any recording of the screen, shows whom this copy was given to. */}
        <div className="share-overlay" data-testid="clip-overlay">
          {t.forRecipient(data.packet.agency.name, recipientName)}
        </div>
      </div>
      {failed && (
        <p role="alert" className="share-error">
          {t.playError}
        </p>
      )}
      <dl className="share-facts">
        <div>
          <dt>{t.duration}</dt>
          <dd>{formatDuration(clip.durationMs)}</dd>
        </div>
        <div>
          <dt>{t.size}</dt>
          <dd>{formatBytes(clip.bytes)}</dd>
        </div>
        <div className="share-facts__wide">
          <dt>{t.sha256}</dt>
          <dd className="share-mono">{clip.sha256}</dd>
        </div>
      </dl>
      <div className="share-actions">
        {!audio && (
          <button type="button" className="share-button" onClick={() => void frame.current?.requestFullscreen?.()}>
            {t.fullscreen(clip.position)}
          </button>
        )}
        {allowDownload && (
          <a className="share-button" href={clipDownloadUrl(token, clip.id)} download>
            {t.download(clip.position)}
          </a>
        )}
      </div>
    </article>
  );
}
