import type { ThumbnailStripDto } from '@kura/contracts';
import { formatOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

const DISPLAY_WIDTH = 128;

interface ThumbnailStripProps {
  strip: ThumbnailStripDto;
  /** A minor is involved: the frames stay blurred. */
  blurred?: boolean;
  onSeek: (seconds: number) => void;
}

/** Frames of the sprite image side by side; clicking one seeks the player to its time. */
export function ThumbnailStrip({ strip, blurred = false, onSeek }: ThumbnailStripProps) {
  const { t } = useI18n();
  if (strip.frameCount <= 0 || strip.frameWidth <= 0 || strip.frameHeight <= 0) return null;
  const width = DISPLAY_WIDTH;
  const height = Math.round((DISPLAY_WIDTH * strip.frameHeight) / strip.frameWidth);
  const image = `url(${JSON.stringify(strip.url)})`;

  return (
    <section aria-labelledby="thumbnails-heading" className="thumbnails">
      <h3 id="thumbnails-heading" className="panel__subtitle">
        {t.playback.thumbnails}
      </h3>
      <ol className="thumb-strip">
        {Array.from({ length: strip.frameCount }, (_, index) => {
          const seconds = (index * strip.intervalMs) / 1000;
          const label = formatOffset(seconds);
          return (
            <li key={index}>
              <button type="button" className="thumb" aria-label={t.playback.seekTo(label)} onClick={() => onSeek(seconds)}>
                <span
                  className={`thumb__frame${blurred ? ' is-blurred' : ''}`}
                  data-testid="thumbnail-frame"
                  style={{
                    filter: blurred ? 'blur(8px)' : undefined,
                    width,
                    height,
                    backgroundImage: image,
                    backgroundSize: `${width * strip.frameCount}px ${height}px`,
                    backgroundPosition: `-${index * width}px 0`,
                  }}
                />
                <span className="thumb__time">{label}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
