import { MediaToolError } from './errors.ts';
import { inputError, type MediaInput } from './media-input.ts';
import { inputProblem } from './probe-parse.ts';

export interface DecodeCheckOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  ffmpegPath?: string;
}

export type DecodeCheck = { decodes: true } | { decodes: false; /** ffmpeg's complaint, for people; unstable wording. */ detail: string };

/**
 * Whether anything in the input decodes: a header that parses (probe) can still sit on
 * nothing, e.g. the first 3,000 bytes of an MP4 or a WebM cut before its first block. ffmpeg
 * decodes until the first video or audio frame comes out and prints one checksum line per
 * decoded frame (framecrc, on stdout); no line means nothing decoded. Cheap for good media
 * (it stops at the first frame); a stream that never decodes is read to its end.
 *
 * Rejects with 'source_failed' when the source could not serve the bytes (ours, retried),
 * with 'timeout'/'aborted' when stopped, with 'failed' when ffmpeg crashed; a "no" is an
 * answer about the media, never an error.
 */
export async function checkDecodes(input: MediaInput, opts: DecodeCheckOptions = {}): Promise<DecodeCheck> {
  const both = await decodeFirstFrame(input, ['0:v:0?', '0:a:0?'], opts);
  if (both.decoded) return { decodes: true };
  // One stream ffmpeg cannot even set up (no decoder, no pixel format) stops the run before
  // the other gets a turn; a call whose picture is broken but whose sound plays still plays.
  for (const only of ['0:a:0', '0:v:0']) {
    if ((await decodeFirstFrame(input, [only], opts)).decoded) return { decodes: true };
  }
  return { decodes: false, detail: firstComplaint(both.stderrTail) };
}

async function decodeFirstFrame(
  input: MediaInput,
  maps: string[],
  opts: DecodeCheckOptions,
): Promise<{ decoded: boolean; stderrTail: string }> {
  const run = input.ffmpeg(
    (url) => [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'error',
      '-i',
      url,
      ...maps.flatMap((m) => ['-map', m]),
      '-dn',
      '-sn',
      // One frame is proof enough; ffmpeg stops at the first that comes out.
      '-frames:v',
      '1',
      '-frames:a',
      '1',
      '-f',
      'framecrc',
      '-',
    ],
    // Exit code 1 is ffmpeg giving up on its input: an answer, read from stdout and stderr.
    { signal: opts.signal, timeoutMs: opts.timeoutMs, ffmpegPath: opts.ffmpegPath, okExitCodes: [0, 1] },
  );
  // A few header lines and a frame line or two; the cap is only a safety net.
  const output = new Promise<string>((resolve) => {
    let text = '';
    run.stdout.setEncoding('utf8');
    run.stdout.on('data', (chunk: string) => {
      if (text.length < 64 * 1024) text += chunk;
    });
    run.stdout.on('end', () => resolve(text));
    run.stdout.on('error', () => resolve(text));
  });

  let stderrTail: string;
  try {
    stderrTail = (await run.done).stderrTail;
  } catch (err) {
    // A crash, a timeout, an abort: nothing learnt about the media. The source's failure, if
    // it had one, is the better explanation of a crash.
    if (err instanceof MediaToolError && err.code === 'failed' && input.sourceFailed()) {
      throw inputError(input, 'source_unreachable', err.stderrTail, err);
    }
    throw err;
  }

  // Frames decoded from the bytes that did arrive are real, whatever happened afterwards.
  if ((await output).split('\n').some((line) => /^\d+,/.test(line))) return { decoded: true, stderrTail };
  if (input.sourceFailed() || inputProblem(stderrTail) === 'source_unreachable') {
    throw inputError(input, 'source_unreachable', stderrTail);
  }
  return { decoded: false, stderrTail };
}

/** ffmpeg's first error line, "[h264 @ 0x55…] Invalid NAL unit size" → "h264: Invalid NAL unit size". */
function firstComplaint(stderr: string): string {
  const line = stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return 'no frame decoded';
  return line
    .replace(/^\[([^\]@]+?) @ 0x[0-9a-f]+\]\s*/i, '$1: ')
    .replace(/https?:\/\/\S+/g, 'input')
    .slice(0, 200);
}
