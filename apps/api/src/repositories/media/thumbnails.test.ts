import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoMedia, type DemoMediaSpec } from '../../demo/media/generate.ts';
import { startLoopbackSource, type LoopbackSource } from './loopback-source.ts';
import { probeMedia } from './probe.ts';
import { bufferSource, collect } from './test-support.ts';
import { thumbnailStrip } from './thumbnails.ts';

let source: LoopbackSource | undefined;
afterEach(async () => {
  await source?.close();
  source = undefined;
});

async function serveDemo(spec: DemoMediaSpec): Promise<string> {
  const media = generateDemoMedia(spec);
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  source = await startLoopbackSource(bufferSource(bytes, media.contentType));
  return source.url;
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
    const url = await serveDemo({ kind: 'mp4', seconds: 3, seed: 1 });
    const info = await probeMedia(url);
    const strip = thumbnailStrip(url, { ...info, timeoutMs: 30_000 });
    const [jpeg, geometry] = await Promise.all([collect(strip.stream), strip.done]);
    expectJpeg(jpeg);
    expect(geometry).toMatchObject({ frameCount: 10, frameWidth: 160, frameHeight: 90 });
    expect(geometry.intervalMs).toBeCloseTo(info.durationMs! / 10);
    expect(sof0Size(jpeg)).toEqual({ width: 10 * 160, height: 90 });
  });

  it('uses fewer frames for a very short video and says so', async () => {
    const url = await serveDemo({ kind: 'webm', seconds: 0.35, seed: 2 });
    const info = await probeMedia(url);
    const strip = thumbnailStrip(url, { ...info, frames: 10, frameWidth: 101 });
    const [jpeg, geometry] = await Promise.all([collect(strip.stream), strip.done]);
    expectJpeg(jpeg);
    expect(geometry.frameCount).toBeLessThan(10);
    expect(geometry.frameWidth).toBe(102);
    expect(sof0Size(jpeg)).toEqual({ width: geometry.frameCount * 102, height: geometry.frameHeight });
  });

  it('rejects audio-only input as unreadable without a video stream', async () => {
    const strip = thumbnailStrip('http://127.0.0.1:9/unused', { durationMs: 3000, width: null, height: null });
    await expect(strip.done).rejects.toMatchObject({ code: 'unreadable', message: 'no video stream' });
    await expect(collect(strip.stream)).rejects.toMatchObject({ code: 'unreadable' });
  });

  it('also recognises audio-only input from ffmpeg itself when told otherwise', async () => {
    const url = await serveDemo({ kind: 'audio', seconds: 1, seed: 3 });
    const strip = thumbnailStrip(url, { durationMs: 1000, width: 320, height: 180 });
    const read = collect(strip.stream).catch((e: unknown) => e);
    await expect(strip.done).rejects.toMatchObject({ code: 'unreadable', message: 'no video stream' });
    expect(await read).toMatchObject({ code: 'unreadable', message: 'no video stream' });
  });
});
