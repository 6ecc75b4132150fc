import type { SharedPacketDto } from '@kura/contracts';
import { useState } from 'react';
import { formatBytes, formatDuration } from '@/lib/format';
import { clipDownloadUrl, clipUrl } from '../api';
import { useShareI18n } from '../i18n';

type Clip = SharedPacketDto['packet']['clips'][number];

/** One clip, played from the link (each range request re-checked by the server), with the overlay. */
export function ClipPlayer({ token, clip, data }: { token: string; clip: Clip; data: SharedPacketDto }) {
  const { t } = useShareI18n();
  const [failed, setFailed] = useState(false);
  const { allowDownload, recipientName } = data.link;
  const audio = clip.contentType.startsWith('audio/');
  const title = t.clipTitle(clip.position, formatDuration(clip.startMs), formatDuration(clip.endMs));
  const common = {
    src: clipUrl(token, clip.id),
    controls: true,
    preload: 'metadata',
    'aria-label': t.player(clip.position),
    // Without download rights, do not offer the browser's own save button either.
    controlsList: allowDownload ? undefined : 'nodownload',
    onError: () => setFailed(true),
    className: 'share-media',
  } as const;

  return (
    <article className="share-clip" aria-label={title}>
      <h3 className="share-clip__title">{title}</h3>
      <div className={`share-player${audio ? ' share-player--audio' : ''}`}>
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
      {allowDownload && (
        <a className="share-button" href={clipDownloadUrl(token, clip.id)} download>
          {t.download(clip.position)}
        </a>
      )}
    </article>
  );
}
