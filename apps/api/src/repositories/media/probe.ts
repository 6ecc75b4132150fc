import { MediaToolError } from './errors.ts';
import { inputError, type MediaInput } from './media-input.ts';
import { parseLastProgressTime, parseProbeOutput, type MediaInfo } from './probe-parse.ts';

export interface ProbeOptions {
  signal?: AbortSignal;
  /** Budget for the whole probe, including the duration fallback. */
  timeoutMs?: number;
  ffmpegPath?: string;
}

/**
 * Describes the media input. Rejects with MediaToolError 'unreadable' when ffmpeg cannot make
 * sense of it, 'source_failed' when the source could not serve it.
 */
export async function probeMedia(input: MediaInput, opts: ProbeOptions = {}): Promise<MediaInfo> {
  const deadline = opts.timeoutMs === undefined ? undefined : Date.now() + opts.timeoutMs;
  const run = input.ffmpeg((url) => ['-hide_banner', '-nostdin', '-i', url], {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    ffmpegPath: opts.ffmpegPath,
    captureStdout: false,
    // Without an output ffmpeg exits 1 ("At least one output file must be specified").
    okExitCodes: [0, 1],
  });
  const { stderrTail } = await run.done;
  const parsed = parseProbeOutput(stderrTail);
  if (!parsed.ok) throw inputError(input, parsed.problem, stderrTail);
  // A description of bytes the source failed to serve may be missing streams: ours to retry.
  if (input.sourceFailed()) throw inputError(input, 'source_unreachable', stderrTail);

  const info = parsed.info;
  if (info.durationMs === null) {
    info.durationMs = await measureDuration(input, {
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
async function measureDuration(input: MediaInput, opts: ProbeOptions): Promise<number | null> {
  const run = input.ffmpeg(
    (url) => ['-hide_banner', '-nostdin', '-i', url, '-map', '0:v?', '-map', '0:a?', '-c', 'copy', '-f', 'null', '-'],
    {
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
      ffmpegPath: opts.ffmpegPath,
      captureStdout: false,
    },
  );
  let stderrTail: string | null = null;
  let stderrOfFailure = '';
  try {
    stderrTail = (await run.done).stderrTail;
  } catch (err) {
    // Being told to stop is not something to swallow.
    if (!(err instanceof MediaToolError) || err.code !== 'failed') throw err;
    stderrOfFailure = err.stderrTail;
  }
  // A duration counted from bytes the source failed to serve would be a wrong one.
  if (input.sourceFailed()) throw inputError(input, 'source_unreachable', stderrTail ?? stderrOfFailure);
  // Unknown (null) is an answer: the caller decides what a recording without a duration is worth.
  return stderrTail === null ? null : parseLastProgressTime(stderrTail);
}
