import { MediaToolError } from './errors.ts';
import { runFfmpeg } from './ffmpeg-process.ts';
import { SOURCE_UNREACHABLE, parseLastProgressTime, parseProbeOutput, type MediaInfo } from './probe-parse.ts';

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Budget for the whole probe, including the duration fallback. */
  timeoutMs?: number;
  ffmpegPath?: string;
}

/**
 * Describes the media at `url` (normally a loopback source). Rejects with MediaToolError
 * 'unreadable' when ffmpeg cannot make sense of the input.
 */
export async function probeMedia(url: string, opts: ProbeOptions = {}): Promise<MediaInfo> {
  const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
  const run = runFfmpeg(['-hide_banner', '-nostdin', '-i', url], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    ffmpegPath: opts.ffmpegPath,
    captureStdout: false,
    // Without an output ffmpeg exits 1 ("At least one output file must be specified").
    okExitCodes: [0, 1],
  });
  const { stderrTail } = await run.done;
  const parsed = parseProbeOutput(stderrTail);
  if (!parsed.ok)
    throw new MediaToolError(parsed.reason === SOURCE_UNREACHABLE ? 'source_failed' : 'unreadable', parsed.reason, stderrTail);

  const info = parsed.info;
  if (info.durationMs === null) {
    info.durationMs = await measureDuration(url, {
      ...opts,
      timeoutMs: deadline === undefined ? undefined : Math.max(1, deadline - Date.now()),
    });
  }
  return info;
}

/**
 * Streams written without a seekable output (WebM or fragmented MP4 from a live recorder)
 * carry no duration in their header; remuxing to nothing reads every packet and reports
 * how far it got. Costs one full read of the input, but no decoding.
 */
async function measureDuration(url: string, opts: ProbeOptions): Promise<number | null> {
  const run = runFfmpeg(['-hide_banner', '-nostdin', '-i', url, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', 'null', '-'], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    ffmpegPath: opts.ffmpegPath,
    captureStdout: false,
  });
  try {
    return parseLastProgressTime((await run.done).stderrTail);
  } catch (err) {
    // An unknown duration is acceptable; being told to stop is not something to swallow.
    if (err instanceof MediaToolError && err.code === 'failed') return null;
    throw err;
  }
}
