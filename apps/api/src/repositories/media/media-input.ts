import { MediaToolError } from './errors.ts';
import { runFfmpeg, type FfmpegOptions, type FfmpegRun } from './ffmpeg-process.ts';
import { startLoopbackSource, type LoopbackOptions, type RangeSource } from './loopback-source.ts';
import { PROBLEM_MESSAGES, type InputProblem } from './probe-parse.ts';

export type { RangeSource, LoopbackOptions } from './loopback-source.ts';

/** ffmpeg options for a run that reads the media input (its stdin stays unused). */
export type InputFfmpegOptions = Omit<FfmpegOptions, 'stdin'>;

/**
 * One plaintext, readable by ffmpeg and by nothing else. The only way to run ffmpeg on it is
 * `ffmpeg()`, which places the input URL in the arguments and admits exactly the child it
 * spawns to the loopback source; the URL itself is never handed out, so no caller (probe,
 * thumbnails, clips) can give it to a process the source does not know.
 */
export interface MediaInput {
  /** Spawns ffmpeg with `args(url)`; that child may read `url` until it exits. */
  ffmpeg(args: (url: string) => readonly string[], opts?: InputFfmpegOptions): FfmpegRun;
  /**
   * True once serving the plaintext failed on our side (storage, decryption): ffmpeg's
   * complaints about the input may then be ours, not the media's, and are worth a retry.
   */
  sourceFailed(): boolean;
}

/**
 * Starts the loopback source, lets `use` run ffmpeg on it, then stops every ffmpeg it started
 * that is still running and closes the source, whatever `use` did. Why a peer check rather
 * than a secret in the URL: see loopback-source.ts.
 */
export async function withMediaInput<T>(
  source: RangeSource,
  use: (input: MediaInput) => Promise<T>,
  opts: LoopbackOptions = {},
): Promise<T> {
  const loopback = await startLoopbackSource(source, opts);
  const running = new Set<FfmpegRun>();
  let open = true;

  const input: MediaInput = {
    ffmpeg(args, ffmpegOpts) {
      if (!open) throw new MediaToolError('failed', 'the media input is closed');
      const run = runFfmpeg(args(loopback.url), ffmpegOpts);
      const pid = run.child.pid;
      // Admitted in the same tick as the spawn, before ffmpeg can have connected; revoked when
      // the child is reaped, before its pid can be reused.
      if (pid !== undefined) {
        const revoke = loopback.admit(pid);
        run.child.once('exit', revoke);
        running.add(run);
        const forget = (): void => {
          revoke();
          running.delete(run);
        };
        run.done.then(forget, forget);
      }
      return run;
    },
    sourceFailed: () => loopback.sourceFailed(),
  };

  try {
    return await use(input);
  } finally {
    open = false;
    // A caller that gave up half-way (an error, an abort) must not leave ffmpeg behind.
    const left = [...running];
    for (const run of left) run.stdout.destroy();
    await Promise.allSettled(left.map((run) => run.done));
    await loopback.close();
  }
}

/**
 * The error for ffmpeg's complaint about its input. If the source failed to serve meanwhile,
 * the complaint is ours, whatever ffmpeg made of the bytes it got: 'source_failed', retried.
 */
export function inputError(input: MediaInput, problem: InputProblem, stderrTail: string, cause?: unknown): MediaToolError {
  if (problem === 'source_unreachable' || input.sourceFailed()) {
    return new MediaToolError('source_failed', PROBLEM_MESSAGES.source_unreachable, stderrTail, { cause });
  }
  return new MediaToolError('unreadable', PROBLEM_MESSAGES[problem], stderrTail, { cause, problem });
}
