import type { MediaProblem } from './errors.ts';

/**
 * Parsing of ffmpeg's human-readable stderr. There is no ffprobe in ffmpeg-static, and the
 * "Input #0" dump of `ffmpeg -i` has been stable for many years, so this is the probe.
 */
export interface MediaInfo {
  /** ffmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm". */
  container: string;
  durationMs: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  /** Coded size of the first video stream, swapped when it carries a ±90° rotation. */
  width: number | null;
  height: number | null;
}

export type ProbeParse = { ok: true; info: MediaInfo } | { ok: false; problem: InputProblem; reason: string };

export function parseProbeOutput(stderr: string): ProbeParse {
  const lines = stderr.split(/\r?\n/);
  const inputAt = lines.findIndex((l) => /^Input #0, /.test(l));
  const input = inputAt >= 0 ? /^Input #0, (.+), from '/.exec(lines[inputAt]!) : null;
  if (!input) return failed(inputProblem(stderr) ?? 'unrecognised_format');

  const info: MediaInfo = {
    container: input[1]!,
    durationMs: null,
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
  };
  let inFirstVideo = false;
  for (const line of lines.slice(inputAt + 1)) {
    // Indentation ends the Input #0 dump (e.g. "Stream mapping:" or the final error line).
    if (!/^\s/.test(line)) break;
    const duration = /^\s+Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(line);
    if (duration && info.durationMs === null) {
      info.durationMs = clockToMs(duration[1]!, duration[2]!, duration[3]!);
      continue;
    }
    const stream = /^\s+Stream #0:\d+.*?: (Video|Audio): ([\w-]+)(.*)$/.exec(line);
    if (stream) {
      inFirstVideo = false;
      const [, type, codec, rest = ''] = stream;
      // "none" is a codec ffmpeg does not know: nothing will decode it, so it is not counted.
      if (codec === 'none') continue;
      // Cover art in audio files is a "video" stream nobody wants to treat as video.
      if (type === 'Video' && info.videoCodec === null && !rest.includes('(attached pic)')) {
        const size = /, (\d+)x(\d+)(?=[\s,]|$)/.exec(rest);
        info.videoCodec = codec!;
        info.width = size ? Number(size[1]) : null;
        info.height = size ? Number(size[2]) : null;
        inFirstVideo = true;
      } else if (type === 'Audio' && info.audioCodec === null) {
        info.audioCodec = codec!;
      }
      continue;
    }
    if (/^\s+Stream #/.test(line)) inFirstVideo = false;
    const rotation = /rotation of (-?\d+(?:\.\d+)?) degrees/.exec(line);
    if (inFirstVideo && rotation && Math.abs(Number(rotation[1])) % 180 === 90) {
      [info.width, info.height] = [info.height, info.width];
    }
  }
  if (info.videoCodec === null && info.audioCodec === null) return failed('no_media_stream');
  return { ok: true, info };
}

/** The final `time=` of ffmpeg's progress line, i.e. how far it got through the input. */
export function parseLastProgressTime(stderr: string): number | null {
  let last: number | null = null;
  for (const m of stderr.matchAll(/time=\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/g)) {
    last = clockToMs(m[1]!, m[2]!, m[3]!);
  }
  return last;
}

/** What ffmpeg's complaint about its input means: the media's fault, or the source's (ours). */
export type InputProblem = MediaProblem | 'source_unreachable';

/** A short reason a person can act on; the raw stderr stays in the error's stderrTail. */
export const PROBLEM_MESSAGES: Record<InputProblem, string> = {
  source_unreachable: 'the media source could not be fetched',
  unrecognised_format: 'not a recognised audio or video format',
  no_media_stream: 'no audio or video stream',
  no_video_stream: 'no video stream',
  undecodable_video: 'the video stream does not decode',
};

export function inputProblem(stderr: string): InputProblem | null {
  // Our loopback source always sends the length it promised, so a short body is its failure.
  if (/Server returned|HTTP error|Connection refused|Connection timed out|Stream ends prematurely/i.test(stderr)) {
    return 'source_unreachable';
  }
  if (/Stream map '0:v[^']*' matches no streams/.test(stderr)) return 'no_video_stream';
  if (/does not contain any stream/.test(stderr)) return 'no_media_stream';
  if (/Decoder \(codec [^)]*\) not found/.test(stderr)) return 'undecodable_video';
  if (/Invalid data found when processing input|moov atom not found|could not find codec parameters/i.test(stderr)) {
    return 'unrecognised_format';
  }
  return null;
}

function failed(problem: InputProblem): ProbeParse {
  return { ok: false, problem, reason: PROBLEM_MESSAGES[problem] };
}

function clockToMs(h: string, m: string, s: string): number {
  return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
}
