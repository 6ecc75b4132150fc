import { Readable } from 'node:stream';
import { FRAME_CODE } from '../../apps/api/src/demo/media/generate.ts';
import { runFfmpeg } from '../../apps/api/src/repositories/media/ffmpeg-process.ts';

// Reads back the frame numbers the demo media draws into its pictures (FRAME_CODE in
// demo/media/generate.ts), from any media made of it: a recording, or a clip cut from one.

/** Every decoded video frame's drawn frame number, in decoding order (no frames added or dropped). */
export async function drawnFrameNumbers(media: Buffer): Promise<number[]> {
  const { width, height } = FRAME_CODE;
  const run = runFfmpeg(
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-i',
      'pipe:0',
      '-map',
      '0:v:0',
      // Every decoded frame once: no duplicates to fill a constant rate, none dropped.
      '-vsync',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ],
    { stdin: Readable.from([media]) },
  );
  const parts: Buffer[] = [];
  for await (const p of run.stdout) parts.push(p as Buffer);
  await run.done;
  const raw = Buffer.concat(parts);
  const frameBytes = width * height;
  if (raw.length % frameBytes !== 0) throw new Error(`decoded ${raw.length} bytes, not whole ${width}x${height} frames`);
  const numbers: number[] = [];
  for (let f = 0; f < raw.length / frameBytes; f++) numbers.push(readFrameCode(raw.subarray(f * frameBytes, (f + 1) * frameBytes)));
  return numbers;
}

/** The frame number drawn in one grey frame: a white cell (bright centre) is a 1 bit. */
export function readFrameCode(gray: Buffer): number {
  const { bits, cellWidth, sampleY, width } = FRAME_CODE;
  let n = 0;
  for (let i = 0; i < bits; i++) {
    if (gray[sampleY * width + i * cellWidth + cellWidth / 2]! > 128) n += 2 ** i;
  }
  return n;
}

/** The drawn time of frame n, in ms. */
export const drawnMs = (n: number) => Math.round((n * 1000) / FRAME_CODE.fps);
