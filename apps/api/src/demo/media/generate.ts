import type { Readable } from 'node:stream';
import { runFfmpeg } from '../../repositories/media/ffmpeg-process.ts';
import type { FfmpegResult } from '../../repositories/media/ffmpeg-process.ts';

export type DemoMediaKind = 'mp4' | 'webm' | 'audio';

export interface DemoMediaSpec {
  kind: DemoMediaKind;
  seconds: number;
  seed: number;
}

export interface DemoMediaOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  ffmpegPath?: string;
}

export interface DemoMedia {
  /** Ends only if ffmpeg succeeded (see runFfmpeg). */
  stream: Readable;
  contentType: string;
  done: Promise<FfmpegResult>;
}

const WIDTH = 320;
const HEIGHT = 180;
const SIZE = `${WIDTH}x${HEIGHT}`;
const FPS = 15;
const MAX_SECONDS = 3600;

/**
 * Where the picture carries its own frame number in a form a program can read back from decoded
 * frames (testsrc's digits are for people): a black band along the top, and in it bit i of the
 * frame number n as a white box in cell i, least significant bit on the left. 16 bits hold every
 * frame of MAX_SECONDS at FPS; the drawn time of a frame is n / fps. Clip tests use it to check
 * that a cut holds exactly the time range asked for.
 */
export const FRAME_CODE = { bits: 16, cellWidth: 20, bandHeight: 14, sampleY: 7, fps: FPS, width: WIDTH, height: HEIGHT } as const;

function frameCodeFilters(): string[] {
  const { bits, cellWidth, bandHeight } = FRAME_CODE;
  const boxes = Array.from(
    { length: bits },
    (_, i) =>
      `drawbox=x=${i * cellWidth + 3}:y=2:w=${cellWidth - 6}:h=${bandHeight - 4}:color=white:t=fill:enable='mod(floor(n/${2 ** i}),2)'`,
  );
  return [`drawbox=x=0:y=0:w=iw:h=${bandHeight}:color=black:t=fill`, ...boxes];
}

/**
 * Synthetic call recordings, streamed straight from ffmpeg's stdout (never a temp file).
 * testsrc draws a running seconds counter without needing a font, a box slides across so
 * the picture visibly moves, a band on top carries the frame number in binary (FRAME_CODE), and
 * the seed shifts the hue and the tone so clips differ.
 * Sized for speed: a 60 s clip takes about a second on one core.
 */
export function generateDemoMedia(spec: DemoMediaSpec, opts: DemoMediaOptions = {}): DemoMedia {
  if (!Number.isFinite(spec.seconds) || spec.seconds <= 0 || spec.seconds > MAX_SECONDS) {
    throw new RangeError(`seconds must be in (0, ${MAX_SECONDS}]`);
  }
  if (!Number.isSafeInteger(spec.seed)) throw new RangeError('seed must be an integer');
  const { args, contentType } = buildArgs(spec);
  const run = runFfmpeg(args, opts);
  return { stream: run.stdout, contentType, done: run.done };
}

function buildArgs(spec: DemoMediaSpec): { args: string[]; contentType: string } {
  const duration = spec.seconds.toFixed(3);
  const mix = mixSeed(spec.seed);
  const hue = mix % 360;
  const frequency = 220 + (mix % 661); // 220–880 Hz, comfortably audible
  const beep = 2 + (mix % 4); // a periodic higher beep makes the sound easy to line up with the picture

  const common = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats'];
  const audioIn = ['-f', 'lavfi', '-i', `sine=frequency=${frequency}:beep_factor=${beep}:sample_rate=48000:duration=${duration}`];
  const videoIn = ['-f', 'lavfi', '-i', `testsrc=size=${SIZE}:rate=${FPS}:duration=${duration}`];
  const picture = [
    '-vf',
    [`hue=h=${hue}`, "drawbox=x='mod(t*90,iw-24)':y=ih-40:w=24:h=24:color=white@0.9:t=fill", ...frameCodeFilters(), 'format=yuv420p'].join(
      ',',
    ),
  ];
  // bitexact keeps encoder versions and random UIDs out, so the same seed gives the same bytes.
  const tail = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', '-shortest'];
  // A fragmented MP4 is the only MP4 that can be written to a pipe, and browsers play it.
  const fragmented = ['-movflags', 'frag_keyframe+empty_moov+default_base_moof'];
  const aac = ['-c:a', 'aac', '-b:a', '64k', '-ac', '1'];

  switch (spec.kind) {
    case 'mp4':
      return {
        contentType: 'video/mp4',
        args: [
          ...common,
          ...videoIn,
          ...audioIn,
          '-map',
          '0:v',
          '-map',
          '1:a',
          ...picture,
          '-c:v',
          'libx264',
          '-preset',
          'veryfast',
          '-profile:v',
          'main',
          '-g',
          String(FPS * 2),
          '-b:v',
          '250k',
          '-threads',
          '1',
          ...aac,
          ...tail,
          ...fragmented,
          '-f',
          'mp4',
          '-',
        ],
      };
    case 'webm':
      // A negative cpu-used fixes VP8's realtime speed; a positive one adapts it to how busy
      // the machine is, which makes the bytes depend on load.
      return {
        contentType: 'video/webm',
        args: [
          ...common,
          ...videoIn,
          ...audioIn,
          '-map',
          '0:v',
          '-map',
          '1:a',
          ...picture,
          '-c:v',
          'libvpx',
          '-deadline',
          'realtime',
          '-cpu-used',
          '-8',
          '-g',
          String(FPS * 2),
          '-b:v',
          '250k',
          '-threads',
          '1',
          '-c:a',
          'libopus',
          '-b:a',
          '48k',
          '-ac',
          '1',
          ...tail,
          '-f',
          'webm',
          '-',
        ],
      };
    case 'audio':
      // AAC in MP4 plays in every browser (Opus-in-WebM does not in older Safari). Audio has
      // no keyframes to cut on, so fragments are cut by time instead: one per second.
      return {
        contentType: 'audio/mp4',
        args: [
          ...common,
          ...audioIn,
          '-map',
          '0:a',
          ...aac,
          ...tail,
          '-movflags',
          'empty_moov+default_base_moof',
          '-frag_duration',
          '1000000',
          '-f',
          'mp4',
          '-',
        ],
      };
  }
}

/** Spreads nearby seeds (1, 2, 3…) far apart so consecutive demo clips do not sound alike. */
function mixSeed(seed: number): number {
  let x = Math.imul(seed | 0, 0x9e3779b1) ^ Math.floor(seed / 2 ** 32);
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
