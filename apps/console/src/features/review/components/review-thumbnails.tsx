import type { ThumbnailStripDto } from '@kura/contracts';
import { formatOffset } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

const DISPLAY_WIDTH = 112;

interface ReviewThumbnailsProps {
  strip: ThumbnailStripDto;
  blurred: boolean;
  currentMs: number;
  onSeek: (ms: number) => void;
}

/** The sprite's frames, blurred like the video unless revealed; the frame being played is marked. */
export function ReviewThumbnails({ strip, blurred, currentMs, onSeek }: ReviewThumbnailsProps) {
  const { t } = useI18n();
  if (strip.frameCount <= 0 || strip.frameWidth <= 0 || strip.frameHeight <= 0 || strip.intervalMs <= 0) return null;
  const width = DISPLAY_WIDTH;
  const height = Math.round((DISPLAY_WIDTH * strip.frameHeight) / strip.frameWidth);
  const image = `url(${JSON.stringify(strip.url)})`;
  const currentFrame = Math.min(strip.frameCount - 1, Math.floor(currentMs / strip.intervalMs));

  return (
    <section aria-label={t.review.player.thumbnails} className="review-thumbs">
      {blurred && <p className="sr-only">{t.review.wellbeing.thumbnailsBlurred}</p>}
      <ol className="thumb-strip">
        {Array.from({ length: strip.frameCount }, (_, index) => {
          const ms = index * strip.intervalMs;
          const label = formatOffset(ms / 1000);
          return (
            <li key={index}>
              <button
                type="button"
                className={`thumb${index === currentFrame ? ' thumb--current' : ''}`}
                aria-label={t.review.player.seekTo(label)}
                aria-current={index === currentFrame || undefined}
                onClick={() => onSeek(ms)}
              >
                <span
                  className={`thumb__frame${blurred ? ' is-blurred' : ''}`}
                  data-testid="review-thumbnail"
                  style={{
                    width,
                    height,
                    backgroundImage: image,
                    backgroundSize: `${width * strip.frameCount}px ${height}px`,
                    backgroundPosition: `-${index * width}px 0`,
                    filter: blurred ? 'blur(8px)' : undefined,
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
