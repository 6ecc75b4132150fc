import { beforeAll, describe, expect, it } from 'vitest';
import { drawnFrameNumbers, drawnMs } from '../../../../../test/support/frame-code.ts';
import { generateDemoMedia, type DemoMediaSpec } from '../../demo/media/generate.ts';
import {
  COPY_START_TOLERANCE_MS,
  availableEncoders,
  cutClip,
  parseEncoderList,
  parseFirstPacketOffset,
  planClip,
  videoCopyStartOffset,
  type ClipPlan,
} from './clip-cutter.ts';
import { withMediaInput } from './media-input.ts';
import { probeMedia } from './probe.ts';
import { bufferSource, collect, failingSource } from './test-support.ts';

const ALL = new Set(['libx264', 'libvpx-vp9', 'libopus', 'aac', 'mpeg4']);
const H264_AAC = { videoCodec: 'h264', audioCodec: 'aac' };

async function demo(spec: DemoMediaSpec): Promise<Buffer> {
  const media = generateDemoMedia(spec);
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  return bytes;
}

let mp4: Buffer;
let webm: Buffer;
let audio: Buffer;
beforeAll(async () => {
  [mp4, webm, audio] = await Promise.all([
    demo({ kind: 'mp4', seconds: 30, seed: 3 }),
    demo({ kind: 'webm', seconds: 12, seed: 4 }),
    demo({ kind: 'audio', seconds: 12, seed: 5 }),
  ]);
});

async function cut(source: Buffer, range: { startMs: number; endMs: number }, plan: (offset: number | null) => ClipPlan, withVideo = true) {
  const progress: number[] = [];
  return withMediaInput(bufferSource(source, 'video/mp4'), async (input) => {
    const offset = withVideo ? await videoCopyStartOffset(input, range.startMs) : null;
    const chosen = plan(offset);
    const clip = cutClip(input, range, chosen, { onProgress: (f) => progress.push(f), timeoutMs: 60_000 });
    const [bytes] = await Promise.all([collect(clip.stream), clip.done]);
    return { bytes, plan: chosen, offset, progress };
  });
}

async function probe(bytes: Buffer) {
  return withMediaInput(bufferSource(bytes), (input) => probeMedia(input, { timeoutMs: 30_000 }));
}

/**
 * The frames' drawn times lie in the range asked for and cover it, give or take `slackMs`
 * (the demo's H.264 shows each picture two frames, 133 ms, after the time it draws), and
 * none is missing or repeated in between.
 */
function expectFramesCover(numbers: number[], range: { startMs: number; endMs: number }, slackMs = COPY_START_TOLERANCE_MS) {
  expect(numbers.length).toBeGreaterThan(0);
  const times = numbers.map(drawnMs);
  expect(Math.min(...times)).toBeGreaterThanOrEqual(range.startMs - slackMs);
  expect(Math.max(...times)).toBeLessThanOrEqual(range.endMs + slackMs);
  expect(times[0]!).toBeLessThanOrEqual(range.startMs + slackMs);
  expect(times.at(-1)!).toBeGreaterThanOrEqual(range.endMs - slackMs);
  expect(numbers.slice(1).filter((n, i) => n !== numbers[i]! + 1)).toEqual([]);
}

describe('planClip', () => {
  it('copies H.264/AAC when the copy would start within the tolerance of the start, and re-encodes otherwise', () => {
    expect(planClip(H264_AAC, 133, ALL)).toMatchObject({ mode: 'copy', contentType: 'video/mp4' });
    expect(planClip(H264_AAC, -COPY_START_TOLERANCE_MS, ALL).mode).toBe('copy');
    expect(planClip({ videoCodec: 'h264', audioCodec: null }, 0, ALL).mode).toBe('copy');
    expect(planClip(H264_AAC, -COPY_START_TOLERANCE_MS - 1, ALL)).toMatchObject({ mode: 'transcode', contentType: 'video/mp4' });
    expect(planClip(H264_AAC, null, ALL).mode).toBe('transcode');
    // VP8/Opus has no place in a browser's MP4: re-encoded wherever the keyframes are.
    const vp8 = planClip({ videoCodec: 'vp8', audioCodec: 'opus' }, 0, ALL);
    expect(vp8).toMatchObject({ mode: 'transcode', contentType: 'video/mp4' });
    expect(vp8.outputArgs).toContain('libx264');
  });

  it('falls back to VP9/Opus WebM without an H.264 encoder, then to MPEG-4 Part 2, and says so', () => {
    const vp9 = planClip(H264_AAC, null, new Set(['libvpx-vp9', 'libopus', 'aac', 'mpeg4']));
    expect(vp9).toMatchObject({ mode: 'transcode', contentType: 'video/webm' });
    expect(vp9.outputArgs).toEqual(expect.arrayContaining(['libvpx-vp9', 'libopus', 'webm']));
    expect(vp9.note).toMatch(/no H\.264 encoder/);
    const mpeg4 = planClip(H264_AAC, null, new Set(['aac', 'mpeg4']));
    expect(mpeg4.outputArgs).toContain('mpeg4');
    expect(mpeg4.note).toMatch(/browsers will not play it/);
  });

  it('keeps audio-only audio-only: AAC copied, anything else re-encoded to AAC', () => {
    const copy = planClip({ videoCodec: null, audioCodec: 'aac' }, null, ALL);
    expect(copy).toMatchObject({ mode: 'copy', contentType: 'audio/mp4' });
    expect(copy.outputArgs).toEqual(expect.arrayContaining(['-vn', 'copy']));
    const opus = planClip({ videoCodec: null, audioCodec: 'opus' }, null, ALL);
    expect(opus).toMatchObject({ mode: 'transcode', contentType: 'audio/mp4' });
    expect(opus.outputArgs).toEqual(expect.arrayContaining(['-vn', 'aac']));
    expect(() => planClip({ videoCodec: null, audioCodec: null }, null, ALL)).toThrow(/no audio or video/);
  });

  it('reads ffmpeg encoder lists and framecrc packet lines', () => {
    const list = ' V....D libx264              libx264 H.264\n A....X opus                 Opus\n ------\n';
    expect([...parseEncoderList(list)]).toEqual(['libx264', 'opus']);
    expect(parseFirstPacketOffset('#tb 0: 1/15360\n#media_type 0: video\n0,     -1536,        512,     1024,     6978, 0x61e89792\n')).toBe(
      33,
    );
    expect(parseFirstPacketOffset('#tb 0: 1/1000\n')).toBeNull();
  });

  it('this ffmpeg has an H.264 encoder (the fallbacks are for builds without one)', async () => {
    expect((await availableEncoders()).has('libx264')).toBe(true);
  });
});

describe('cutClip on real media', () => {
  it('copies 00:10–00:20 from the keyframe at 10 s: every frame drawn in that range, none missing', async () => {
    const range = { startMs: 10_000, endMs: 20_000 };
    const r = await cut(mp4, range, (offset) => planClip(H264_AAC, offset, ALL));
    expect(r.offset).not.toBeNull();
    expect(Math.abs(r.offset!)).toBeLessThanOrEqual(COPY_START_TOLERANCE_MS);
    expect(r.plan.mode).toBe('copy');
    expectFramesCover(await drawnFrameNumbers(r.bytes), range);
    const info = await probe(r.bytes);
    expect(info).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac' });
    expect(info.durationMs! / 1000).toBeCloseTo(10, 0);
    expect(r.progress.at(-1)).toBeCloseTo(1, 1);
  });

  it('re-encodes a range that starts between keyframes, exactly from its start', async () => {
    const range = { startMs: 11_300, endMs: 14_000 };
    const r = await cut(mp4, range, (offset) => planClip(H264_AAC, offset, ALL));
    expect(r.offset!).toBeLessThan(-COPY_START_TOLERANCE_MS);
    expect(r.plan.mode).toBe('transcode');
    expectFramesCover(await drawnFrameNumbers(r.bytes), range);
    expect(await probe(r.bytes)).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac' });
    expect(r.progress.length).toBeGreaterThan(0);
  });

  it('re-encodes VP8/Opus WebM to H.264/AAC MP4', async () => {
    const range = { startMs: 4_000, endMs: 7_000 };
    const r = await cut(webm, range, () => planClip({ videoCodec: 'vp8', audioCodec: 'opus' }, null, ALL));
    expect(r.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // VP8 has no B-frames: the pictures show at the time they draw.
    expectFramesCover(await drawnFrameNumbers(r.bytes), range, 100);
    expect(await probe(r.bytes)).toMatchObject({ videoCodec: 'h264', audioCodec: 'aac' });
  });

  it('makes VP9/Opus WebM where there is no H.264 encoder', async () => {
    const range = { startMs: 2_500, endMs: 4_000 };
    const r = await cut(mp4, range, (offset) => planClip(H264_AAC, offset, new Set(['libvpx-vp9', 'libopus', 'aac'])));
    expect(r.plan.contentType).toBe('video/webm');
    expect(r.bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expectFramesCover(await drawnFrameNumbers(r.bytes), range);
    expect(await probe(r.bytes)).toMatchObject({ videoCodec: 'vp9', audioCodec: 'opus' });
  });

  it('keeps an audio-only recording audio-only (AAC copied into MP4)', async () => {
    const range = { startMs: 5_000, endMs: 9_000 };
    const r = await cut(audio, range, () => planClip({ videoCodec: null, audioCodec: 'aac' }, null, ALL), false);
    expect(r.plan).toMatchObject({ mode: 'copy', contentType: 'audio/mp4' });
    const info = await probe(r.bytes);
    expect(info).toMatchObject({ videoCodec: null, audioCodec: 'aac' });
    expect(Math.abs(info.durationMs! - 4_000)).toBeLessThan(100);
  });

  it("fails as the source's fault (retryable) when the source breaks off mid-way, and the stream fails with it", async () => {
    const source = failingSource(mp4, { failAfter: Math.floor(mp4.length / 3) });
    const outcome = await withMediaInput(source, async (input) => {
      const clip = cutClip(input, { startMs: 0, endMs: 25_000 }, planClip(H264_AAC, null, ALL), { timeoutMs: 60_000 });
      const [stream, done] = await Promise.allSettled([collect(clip.stream), clip.done]);
      return { stream, done };
    });
    expect(outcome.stream.status).toBe('rejected');
    expect(outcome.done).toMatchObject({ status: 'rejected', reason: { code: 'source_failed' } });
  });
});
