import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import ffmpegStaticPath from 'ffmpeg-static';
import { MediaToolError } from './errors.ts';

const STDERR_TAIL_BYTES = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 2_000;

export interface FfmpegOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Defaults to the binary of `ffmpeg-static`. */
  ffmpegPath?: string;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs?: number;
  /** Plaintext fed to ffmpeg as `pipe:0`; it is destroyed when ffmpeg stops reading. */
  stdin?: Readable;
  /** Exit codes that count as success (probing exits 1 by design). Default [0]. */
  okExitCodes?: readonly number[];
  /** Set to false when ffmpeg writes nothing useful to stdout (probe, null muxer). */
  captureStdout?: boolean;
}

export interface FfmpegResult {
  exitCode: number;
  stderrTail: string;
}

export interface FfmpegRun {
  child: ChildProcess;
  /**
   * ffmpeg's stdout. It ends only after ffmpeg exited successfully; on any failure it is
   * destroyed with the MediaToolError instead, so a consumer that encrypts and stores it can
   * never mistake truncated output for a finished file. Destroying it kills ffmpeg.
   */
  stdout: Readable;
  /** Settles after ffmpeg exited and its pid was reaped. */
  done: Promise<FfmpegResult>;
  stderrTail(): string;
}

export function resolveFfmpegPath(override?: string): string {
  const path = override ?? ffmpegStaticPath;
  if (!path) throw new MediaToolError('failed', 'no ffmpeg binary for this platform');
  return path;
}

export function runFfmpeg(args: readonly string[], opts: FfmpegOptions = {}): FfmpegRun {
  const okExitCodes = opts.okExitCodes ?? [0];
  const child = spawn(resolveFfmpegPath(opts.ffmpegPath), args, {
    stdio: [opts.stdin ? 'pipe' : 'ignore', opts.captureStdout === false ? 'ignore' : 'pipe', 'pipe'],
    // An empty environment: Kura's own (database URL, S3 keys) is none of ffmpeg's business,
    // and an http_proxy there would send ffmpeg's loopback requests through a proxy, which the
    // loopback source refuses as not being ffmpeg (see loopback-source.ts).
    env: {},
    windowsHide: true,
  });

  const stderr = new BoundedTail(STDERR_TAIL_BYTES);
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  const stdout = new PassThrough();
  // Without a listener an error on an unread stream would crash the process; real consumers
  // (pipeline, async iteration) still see the error through their own listeners.
  stdout.on('error', () => {});
  // end: false — the exit code, not EOF, decides whether the output is complete.
  child.stdout?.pipe(stdout, { end: false });

  if (opts.stdin && child.stdin) {
    // EPIPE when ffmpeg stops reading early is expected, not an error worth reporting.
    pipeline(opts.stdin, child.stdin, () => {});
  }

  let settled = false;
  let exited = false;
  let stopReason: 'timeout' | 'aborted' | null = null;
  let killTimer: NodeJS.Timeout | undefined;

  const terminate = (why: 'timeout' | 'aborted'): void => {
    if (exited || stopReason) return;
    stopReason = why;
    child.kill('SIGTERM');
    // A writer blocked on a full pipe only notices SIGTERM once the pipe goes away.
    child.stdout?.destroy();
    killTimer = setTimeout(() => {
      if (!exited) child.kill('SIGKILL');
    }, opts.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  };

  const timeoutTimer = opts.timeoutMs === undefined ? undefined : setTimeout(() => terminate('timeout'), opts.timeoutMs);
  const onAbort = (): void => terminate('aborted');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  stdout.on('close', () => {
    if (!settled) terminate('aborted');
  });

  const done = new Promise<FfmpegResult>((resolve, reject) => {
    const finish = (error: MediaToolError | null, exitCode: number): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (error) {
        stdout.destroy(error);
        reject(error);
      } else {
        stdout.end();
        resolve({ exitCode, stderrTail: stderr.text() });
      }
    };

    child.on('exit', () => {
      exited = true;
    });
    child.on('error', (err) => {
      // 'error' covers a failed spawn; a running child is reported through 'close'.
      if (child.pid !== undefined && !exited) return;
      exited = true;
      finish(new MediaToolError('failed', `ffmpeg could not start: ${err.message}`, stderr.text(), { cause: err }), -1);
    });
    child.on('close', (code, signal) => {
      const tail = stderr.text();
      if (stopReason === 'timeout') {
        finish(new MediaToolError('timeout', `ffmpeg timed out after ${opts.timeoutMs} ms`, tail), -1);
      } else if (stopReason === 'aborted') {
        finish(new MediaToolError('aborted', 'ffmpeg was aborted', tail), -1);
      } else if (code !== null && okExitCodes.includes(code)) {
        finish(null, code);
      } else {
        const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
        finish(new MediaToolError('failed', `ffmpeg ${how}: ${lastLine(tail)}`, tail), code ?? -1);
      }
    });
  });
  // Callers that only consume `stdout` must not trigger an unhandled rejection.
  done.catch(() => {});

  return { child, stdout, done, stderrTail: () => stderr.text() };
}

export function lastLine(text: string): string {
  const lines = text
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? '(no output)').slice(0, 300);
}

/** Keeps the last `limit` bytes: ffmpeg's useful error is at the end, and stderr can be huge. */
class BoundedTail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}
