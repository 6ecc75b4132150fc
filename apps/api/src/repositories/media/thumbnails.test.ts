import { describe, expect, it } from 'vitest';
import { generateDemoMedia, type DemoMediaSpec } from '../../demo/media/generate.ts';
import { withMediaInput, type MediaInput } from './media-input.ts';
import { probeMedia } from './probe.ts';
import { bufferSource, collect } from './test-support.ts';
import { thumbnailStrip } from './thumbnails.ts';

async function withDemo<T>(spec: DemoMediaSpec, use: (input: MediaInput) => Promise<T>): Promise<T> {
  const media = generateDemoMedia(spec);
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  return withMediaInput(bufferSource(bytes, media.contentType), use);
}

/** Independent of the production sniffer: walk the segments to the baseline frame header. */
function sof0Size(jpeg: Buffer): { width: number; height: number } {
  let offset = 2;
  while (offset < jpeg.length) {
    const marker = jpeg[offset + 1]!;
    if (marker === 0xc0) return { height: jpeg.readUInt16BE(offset + 5), width: jpeg.readUInt16BE(offset + 7) };
    offset += 2 + jpeg.readUInt16BE(offset + 2);
  }
  throw new Error('no SOF0 marker');
}

function expectJpeg(jpeg: Buffer): void {
  expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
  expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9');
}

describe('thumbnailStrip', () => {
  it('makes one sprite JPEG whose size matches the reported geometry', async () => {
    const { info, jpeg, geometry } = await withDemo({ kind: 'mp4', seconds: 3, seed: 1 }, async (input) => {
      const info = await probeMedia(input);
      const strip = thumbnailStrip(input, { ...info, timeoutMs: 30_000 });
      const [jpeg, geometry] = await Promise.all([collect(strip.stream), strip.done]);
      return { info, jpeg, geometry };
    });
    expectJpeg(jpeg);
    expect(geometry).toMatchObject({ frameCount: 10, frameWidth: 160, frameHeight: 90 });
    expect(geometry.intervalMs).toBeCloseTo(info.durationMs! / 10);
    expect(sof0Size(jpeg)).toEqual({ width: 10 * 160, height: 90 });
  });

  it('uses fewer frames for a very short video and says so', async () => {
    const [jpeg, geometry] = await withDemo({ kind: 'webm', seconds: 0.35, seed: 2 }, async (input) => {
      const info = await probeMedia(input);
      const strip = thumbnailStrip(input, { ...info, frames: 10, frameWidth: 101 });
      return Promise.all([collect(strip.stream), strip.done]);
    });
    expectJpeg(jpeg);
    expect(geometry.frameCount).toBeLessThan(10);
    expect(geometry.frameWidth).toBe(102);
    expect(sof0Size(jpeg)).toEqual({ width: geometry.frameCount * 102, height: geometry.frameHeight });
  });

  it('rejects audio-only input as unreadable without a video stream, without starting ffmpeg', async () => {
    const unused: MediaInput = {
      ffmpeg: () => {
        throw new Error('ffmpeg must not run');
      },
      sourceFailed: () => false,
    };
    const strip = thumbnailStrip(unused, { durationMs: 3000, width: null, height: null });
    await expect(strip.done).rejects.toMatchObject({ code: 'unreadable', message: 'no video stream', problem: 'no_video_stream' });
    await expect(collect(strip.stream)).rejects.toMatchObject({ code: 'unreadable' });
  });

  it('also recognises audio-only input from ffmpeg itself when told otherwise', async () => {
    await withDemo({ kind: 'audio', seconds: 1, seed: 3 }, async (input) => {
      const strip = thumbnailStrip(input, { durationMs: 1000, width: 320, height: 180 });
      const read = collect(strip.stream).catch((e: unknown) => e);
      await expect(strip.done).rejects.toMatchObject({ code: 'unreadable', message: 'no video stream', problem: 'no_video_stream' });
      expect(await read).toMatchObject({ code: 'unreadable', message: 'no video stream' });
    });
  });
});
