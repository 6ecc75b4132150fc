import { PassThrough, Transform, type Readable } from 'node:stream';
import { MediaToolError, type MediaProblem } from './errors.ts';
import { readJpegSize, type ImageSize } from './jpeg-size.ts';
import { inputError, type MediaInput } from './media-input.ts';
import { inputProblem } from './probe-parse.ts';

export interface ThumbnailStripOptions {
  /** From probeMedia; a strip needs to know the time span it samples. */
  durationMs: number | null;
  /** Source size from probeMedia; null (audio only) rejects without starting ffmpeg. */
  width: number | null;
  height: number | null;
  /** Requested frames; fewer are used when the video is too short to fill them. Default 10. */
  frames?: number;
  /** Width of one frame in pixels, rounded to even. Default 160. */
  frameWidth?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  ffmpegPath?: string;
}

export interface ThumbnailStripInfo {
  /** Frames side by side in the sprite: image width = frameCount * frameWidth. */
  frameCount: number;
  frameWidth: number;
  frameHeight: number;
  /** Frame i is taken from just before (i + ½) · intervalMs, i.e. mid-interval. */
  intervalMs: number;
}

export interface ThumbnailStrip {
  /** One JPEG. Ends only when ffmpeg succeeded; consume it fully for `done` to settle. */
  stream: Readable;
  done: Promise<ThumbnailStripInfo>;
}

// Below this spacing neighbouring thumbnails of a real recording look the same.
const MIN_INTERVAL_MS = 100;
// JPEG dimensions are 16-bit.
const MAX_JPEG_SIDE = 65_535;

export function thumbnailStrip(input: MediaInput, opts: ThumbnailStripOptions): ThumbnailStrip {
  if (opts.width === null || opts.height === null) return rejected('no video stream', 'no_video_stream');
  const durationMs = opts.durationMs;
  if (durationMs === null || !Number.isFinite(durationMs) || durationMs <= 0) return rejected('unknown duration', null);

  const frameWidth = Math.max(2, Math.round((opts.frameWidth ?? 160) / 2) * 2);
  const wanted = Math.max(1, Math.floor(opts.frames ?? 10));
  const frameCount = Math.min(wanted, Math.max(1, Math.floor(durationMs / MIN_INTERVAL_MS)));
  if (frameCount * frameWidth > MAX_JPEG_SIDE) throw new RangeError('thumbnail strip would be wider than a JPEG allows');
  const intervalMs = durationMs / frameCount;

  // fps duplicates frames when the source has fewer, so the tile is always full; the height
  // follows the display aspect (dar), so non-square pixels and rotation come out right.
  const filter = [
    `fps=${frameCount * 1000}/${Math.round(durationMs)}`,
    `scale=${frameWidth}:trunc(${frameWidth}/dar/2+0.5)*2`,
    'setsar=1',
    `tile=${frameCount}x1`,
  ].join(',');
  const run = input.ffmpeg(
    (url) => [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      url,
      '-map',
      '0:v:0',
      '-an',
      '-sn',
      '-dn',
      '-vf',
      filter,
      '-frames:v',
      '1',
      '-f',
      'image2pipe',
      '-c:v',
      'mjpeg',
      '-q:v',
      '4',
      '-',
    ],
    { signal: opts.signal, timeoutMs: opts.timeoutMs, ffmpegPath: opts.ffmpegPath },
  );

  const sniffer = new JpegSizeSniffer(frameCount * frameWidth, run.stderrTail);
  sniffer.on('error', () => {}); // see runFfmpeg: consumers attach their own listeners
  // Manual wiring instead of pipeline() so the stream fails with the same error as `done`.
  run.stdout.pipe(sniffer);
  run.stdout.on('error', (err) => sniffer.destroy(asStripError(input, err)));
  sniffer.on('close', () => {
    if (!run.stdout.readableEnded) run.stdout.destroy(); // consumer gave up: stop ffmpeg
  });

  const done = run.done.then(
    (): ThumbnailStripInfo => {
      // A picture made from bytes the source failed to serve may be a wrong one.
      if (input.sourceFailed()) throw inputError(input, 'source_unreachable', run.stderrTail());
      const mismatch = sniffer.mismatch();
      if (mismatch) throw mismatch;
      return { frameCount, frameWidth, frameHeight: sniffer.size!.height, intervalMs };
    },
    (err: Error) => {
      throw asStripError(input, err);
    },
  );
  done.catch(() => {});
  return { stream: sniffer, done };
}

const stripErrors = new WeakMap<Error, MediaToolError>();

/** Input-caused failures (no video, undecodable) become 'unreadable'; crashes stay 'failed'. */
function asStripError(input: MediaInput, err: Error): Error {
  if (!(err instanceof MediaToolError) || err.code !== 'failed') return err;
  const problem = inputProblem(err.stderrTail) ?? (input.sourceFailed() ? 'source_unreachable' : null);
  if (!problem) return err;
  // The stream and `done` must fail with the same error.
  let mapped = stripErrors.get(err);
  if (!mapped) {
    mapped = inputError(input, problem, err.stderrTail, err);
    stripErrors.set(err, mapped);
  }
  return mapped;
}

function rejected(reason: string, problem: MediaProblem | null): ThumbnailStrip {
  const error = new MediaToolError('unreadable', reason, '', problem ? { problem } : undefined);
  const stream = new PassThrough();
  stream.on('error', () => {});
  stream.destroy(error);
  const done = Promise.reject(error);
  done.catch(() => {});
  return { stream, done };
}

/**
 * Passes bytes through untouched while reading the image size from the JPEG header, and
 * fails the stream at its end if the image is not the sprite that was asked for.
 */
class JpegSizeSniffer extends Transform {
  size: ImageSize | null = null;
  private head = Buffer.alloc(0);

  constructor(
    private readonly expectedWidth: number,
    private readonly stderrTail: () => string,
  ) {
    super();
  }

  mismatch(): MediaToolError | null {
    if (this.size?.width === this.expectedWidth) return null;
    return new MediaToolError('failed', 'ffmpeg wrote an unexpected thumbnail image', this.stderrTail());
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null, data?: Buffer) => void): void {
    if (this.size === null && this.head.length < 64 * 1024) {
      this.head = Buffer.concat([this.head, chunk]);
      this.size = readJpegSize(this.head);
    }
    callback(null, chunk);
  }

  override _flush(callback: (err?: Error | null) => void): void {
    callback(this.mismatch());
  }
}
