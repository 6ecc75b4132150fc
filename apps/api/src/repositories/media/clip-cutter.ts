import { PassThrough, type Readable } from 'node:stream';
import { MediaToolError } from './errors.ts';
import { runFfmpeg, type FfmpegRun } from './ffmpeg-process.ts';
import { inputError, type MediaInput } from './media-input.ts';
import { inputProblem } from './probe-parse.ts';

// Evidence clips: a time range of a recording, cut by ffmpeg from the media input (the guarded
// loopback source) and written to stdout, so the caller can encrypt it as it comes. The source
// is only ever read.

/**
 * How far from the requested start a stream copy may begin. A copy can only start on a
 * keyframe; H.264 with B-frames puts a keyframe's picture a frame or two after its decode time,
 * so "on the keyframe" is never exact. Within this margin the clip is copied bit for bit from
 * the source, beyond it the range is re-encoded to start exactly where asked.
 */
export const COPY_START_TOLERANCE_MS = 200;

export type ClipMode = 'copy' | 'transcode';

export interface ClipSourceInfo {
  /** ffmpeg's codec names as the probe reported them (e.g. 'h264', 'aac', 'vp8', 'opus'). */
  videoCodec: string | null;
  audioCodec: string | null;
}

export interface ClipPlan {
  mode: ClipMode;
  contentType: string;
  /** ffmpeg's output options: stream selection, codecs, container. */
  outputArgs: string[];
  /** For logs: which codecs, and why. */
  note: string;
}

// Fragmented MP4 is the only MP4 that can be written to a pipe, and browsers play it. Video
// fragments start at keyframes; audio has none, so its fragments are cut by time.
const FRAGMENTED_VIDEO = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'];
const FRAGMENTED_AUDIO = ['-movflags', 'empty_moov+default_base_moof', '-frag_duration', '1000000', '-f', 'mp4'];
// The source container's own metadata (titles, devices, encoder strings) is not evidence.
const CLEAN = ['-map_metadata', '-1', '-fflags', '+bitexact', '-sn', '-dn'];
const VIDEO_MAPS = ['-map', '0:v:0', '-map', '0:a:0?'];
const AAC = ['-c:a', 'aac', '-b:a', '128k'];

/** Codecs a fragmented MP4 carries as they are and every browser plays. */
export function copyableCodecs(source: ClipSourceInfo): boolean {
  if (source.videoCodec === null) return source.audioCodec === 'aac';
  return source.videoCodec === 'h264' && (source.audioCodec === null || source.audioCodec === 'aac');
}

/**
 * How the clip is made. Copy when the codecs allow it and (for video) the keyframe a copy would
 * start on lies within COPY_START_TOLERANCE_MS of the start; else re-encode: H.264/AAC in
 * fragmented MP4, or where this ffmpeg has no H.264 encoder, VP9/Opus in WebM (browsers play
 * both), or as a last resort MPEG-4 Part 2, which plays in media players but not in browsers.
 * Audio-only stays audio-only (AAC in MP4).
 *
 * `copyStartOffsetMs` is videoCopyStartOffset's answer (null: no keyframe found, or not asked).
 */
export function planClip(source: ClipSourceInfo, copyStartOffsetMs: number | null, encoders: ReadonlySet<string>): ClipPlan {
  if (source.videoCodec === null) {
    if (source.audioCodec === null)
      throw new MediaToolError('unreadable', 'the recording has no audio or video stream', '', { problem: 'no_media_stream' });
    const copy = source.audioCodec === 'aac';
    return {
      mode: copy ? 'copy' : 'transcode',
      contentType: 'audio/mp4',
      outputArgs: ['-map', '0:a:0', '-vn', ...(copy ? ['-c:a', 'copy'] : AAC), ...CLEAN, ...FRAGMENTED_AUDIO],
      note: copy ? 'audio copied (AAC)' : `audio ${source.audioCodec} re-encoded to AAC`,
    };
  }
  if (copyableCodecs(source) && copyStartOffsetMs !== null && Math.abs(copyStartOffsetMs) <= COPY_START_TOLERANCE_MS) {
    return {
      mode: 'copy',
      contentType: 'video/mp4',
      outputArgs: [...VIDEO_MAPS, '-c', 'copy', ...CLEAN, ...FRAGMENTED_VIDEO],
      note: `copied from the keyframe ${copyStartOffsetMs} ms from the start`,
    };
  }
  const why = !copyableCodecs(source)
    ? `${source.videoCodec}/${source.audioCodec ?? 'no audio'} cannot be copied into MP4 for browsers`
    : copyStartOffsetMs === null
      ? 'no keyframe found near the start'
      : `the nearest keyframe is ${copyStartOffsetMs} ms from the start`;
  // A keyframe every 2 s, so that the fragments (and seeking in a browser) stay short; every
  // decoded frame once, at its own time (MP4's default would repeat or drop frames to keep a
  // constant rate, and evidence should show the frames the source has, no more, no fewer).
  const keyframes = ['-force_key_frames', 'expr:gte(t,n_forced*2)', '-vsync', 'passthrough'];
  if (encoders.has('libx264')) {
    return {
      mode: 'transcode',
      contentType: 'video/mp4',
      outputArgs: [
        ...VIDEO_MAPS,
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '20',
        '-pix_fmt',
        'yuv420p',
        ...keyframes,
        ...AAC,
        ...CLEAN,
        ...FRAGMENTED_VIDEO,
      ],
      note: `re-encoded to H.264/AAC: ${why}`,
    };
  }
  if (encoders.has('libvpx-vp9') && encoders.has('libopus')) {
    return {
      mode: 'transcode',
      contentType: 'video/webm',
      outputArgs: [
        ...VIDEO_MAPS,
        '-c:v',
        'libvpx-vp9',
        '-deadline',
        'realtime',
        '-cpu-used',
        '8',
        '-b:v',
        '0',
        '-crf',
        '32',
        '-pix_fmt',
        'yuv420p',
        ...keyframes,
        '-c:a',
        'libopus',
        '-b:a',
        '96k',
        ...CLEAN,
        '-f',
        'webm',
      ],
      note: `re-encoded to VP9/Opus WebM (this ffmpeg has no H.264 encoder): ${why}`,
    };
  }
  return {
    mode: 'transcode',
    contentType: 'video/mp4',
    outputArgs: [...VIDEO_MAPS, '-c:v', 'mpeg4', '-q:v', '3', ...keyframes, ...AAC, ...CLEAN, ...FRAGMENTED_VIDEO],
    note: `re-encoded to MPEG-4 Part 2 (this ffmpeg has neither H.264 nor VP9; browsers will not play it): ${why}`,
  };
}

export interface CutOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  ffmpegPath?: string;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

/**
 * Where a stream copy of the video from `startMs` would begin, in ms relative to `startMs`
 * (negative: before it). ffmpeg seeks to the keyframe at or before the start and copies from
 * there; this asks it for that first packet only and reads its presentation time. Null when no
 * video packet comes out.
 */
export async function videoCopyStartOffset(input: MediaInput, startMs: number, opts: CutOptions = {}): Promise<number | null> {
  const run = input.ffmpeg(
    (url) => [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'error',
      '-ss',
      seconds(startMs),
      '-i',
      url,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-frames:v',
      '1',
      '-f',
      'framecrc',
      '-',
    ],
    { signal: opts.signal, timeoutMs: opts.timeoutMs, ffmpegPath: opts.ffmpegPath },
  );
  const text = await readText(run);
  try {
    await run.done;
  } catch (err) {
    throw asInputError(input, err);
  }
  if (input.sourceFailed()) throw inputError(input, 'source_unreachable', run.stderrTail());
  return parseFirstPacketOffset(text);
}

/** framecrc: "#tb 0: 1/15360" then "0, dts, pts, duration, size, crc[, F=flags]". */
export function parseFirstPacketOffset(framecrc: string): number | null {
  const tb = /^#tb 0: (\d+)\/(\d+)$/m.exec(framecrc);
  const packet = /^0,\s*(-?\d+),\s*(-?\d+),/m.exec(framecrc);
  if (!tb || !packet) return null;
  return Math.round((Number(packet[2]) * Number(tb[1]) * 1000) / Number(tb[2]));
}

export interface ClipCut {
  /** The clip's bytes. Ends only when ffmpeg succeeded; on failure it is destroyed with the error. */
  stream: Readable;
  /** Settles when ffmpeg exited; rejects with a MediaToolError whose message says what went wrong. */
  done: Promise<void>;
}

/**
 * Cuts [startMs, endMs) of the input as `plan` says. The seek is accurate: when re-encoding,
 * ffmpeg decodes from the keyframe before the start and drops the frames before it. Progress
 * (0-1, by output time over the clip's length) is reported from ffmpeg's -progress lines.
 */
export function cutClip(
  input: MediaInput,
  range: { startMs: number; endMs: number },
  plan: ClipPlan,
  opts: CutOptions & { onProgress?: (fraction: number) => void } = {},
): ClipCut {
  const lengthMs = range.endMs - range.startMs;
  const run = input.ffmpeg(
    (url) => [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'error',
      '-progress',
      'pipe:2',
      '-ss',
      seconds(range.startMs),
      '-t',
      seconds(lengthMs),
      '-i',
      url,
      ...plan.outputArgs,
      '-',
    ],
    { signal: opts.signal, timeoutMs: opts.timeoutMs, ffmpegPath: opts.ffmpegPath },
  );
  if (opts.onProgress) watchProgress(run, lengthMs, opts.onProgress);
  const done = run.done.then(
    () => {
      // ffmpeg may take a source that broke off for the end of the media and exit 0: a clip
      // cut from bytes the source failed to serve may be short, so it is not a clip.
      if (input.sourceFailed()) throw inputError(input, 'source_unreachable', run.stderrTail());
    },
    (err: unknown) => {
      throw asInputError(input, err);
    },
  );
  done.catch(() => {});
  // The clip ends only once `done` is known to be good, and fails with `done`'s error, so a
  // consumer that stores it cannot take a clip from a failed source for a finished one.
  const stream = new PassThrough();
  stream.on('error', () => {}); // see runFfmpeg: consumers attach their own listeners
  run.stdout.pipe(stream, { end: false });
  run.stdout.on('error', () => {});
  done.then(
    () => stream.end(),
    (err: unknown) => stream.destroy(err as Error),
  );
  stream.on('close', () => {
    if (!stream.writableFinished) run.stdout.destroy(); // consumer gave up: stop ffmpeg
  });
  return { stream, done };
}

function watchProgress(run: FfmpegRun, lengthMs: number, onProgress: (fraction: number) => void): void {
  let pending = '';
  run.child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^out_time=(-?)(\d+):(\d\d):(\d\d(?:\.\d+)?)\s*$/.exec(line);
      if (!m || m[1] === '-') continue;
      const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000;
      if (Number.isFinite(ms) && lengthMs > 0) onProgress(Math.min(1, Math.max(0, ms / lengthMs)));
    }
  });
}

/**
 * A failure's message, from ffmpeg's own complaint rather than whatever came last on stderr
 * (with -progress, that is a "progress=end" line). Input trouble is sorted as probe does:
 * the source's failure is ours and retried, unreadable media is the media's.
 */
function asInputError(input: MediaInput, err: unknown): unknown {
  if (!(err instanceof MediaToolError) || err.code !== 'failed') return err;
  const problem = inputProblem(err.stderrTail) ?? (input.sourceFailed() ? 'source_unreachable' : null);
  if (problem) return inputError(input, problem, err.stderrTail, err);
  return new MediaToolError('failed', `ffmpeg could not cut the clip: ${complaint(err.stderrTail)}`, err.stderrTail, { cause: err });
}

function complaint(stderr: string): string {
  const line = stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => l && !/^[a-z_0-9]+=\S*$/.test(l))
    .at(-1);
  if (!line) return 'no message';
  return line
    .replace(/^\[([^\]@]+?) @ 0x[0-9a-f]+\]\s*/i, '$1: ')
    .replace(/https?:\/\/\S+/g, 'input')
    .slice(0, 200);
}

async function readText(run: FfmpegRun): Promise<string> {
  let text = '';
  try {
    for await (const chunk of run.stdout) {
      if (text.length < 64 * 1024) text += (chunk as Buffer).toString('utf8');
    }
  } catch {
    // The error is `done`'s to report.
  }
  return text;
}

const encoderLists = new Map<string, Promise<ReadonlySet<string>>>();

/** The encoders this ffmpeg build has (`ffmpeg -encoders`), asked once per binary. */
export function availableEncoders(ffmpegPath?: string): Promise<ReadonlySet<string>> {
  const key = ffmpegPath ?? '';
  let list = encoderLists.get(key);
  if (!list) {
    list = (async () => {
      const run = runFfmpeg(['-hide_banner', '-nostdin', '-encoders'], { ffmpegPath, timeoutMs: 30_000 });
      const [text] = await Promise.all([
        (async () => {
          let t = '';
          for await (const chunk of run.stdout) t += (chunk as Buffer).toString('utf8');
          return t;
        })(),
        run.done,
      ]);
      return parseEncoderList(text);
    })();
    // A failed look-up is asked again next time rather than remembered.
    list.catch(() => encoderLists.delete(key));
    encoderLists.set(key, list);
  }
  return list;
}

/** " V....D libx264              libx264 H.264 …" → "libx264". */
export function parseEncoderList(text: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^ [VASD][.FSXBD]{5} (\S+)/gm)) names.add(m[1]!);
  return names;
}
