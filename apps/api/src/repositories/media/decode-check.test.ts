import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoMedia, type DemoMediaKind } from '../../demo/media/generate.ts';
import { checkDecodes } from './decode-check.ts';
import { withMediaInput } from './media-input.ts';
import type { RangeSource } from './media-input.ts';
import { bufferSource, collect, failingSource } from './test-support.ts';

const generated = new Map<DemoMediaKind, Buffer>();

beforeAll(async () => {
  for (const kind of ['mp4', 'webm', 'audio'] as const) {
    const media = generateDemoMedia({ kind, seconds: 2, seed: 9 });
    const [bytes] = await Promise.all([collect(media.stream), media.done]);
    generated.set(kind, bytes);
  }
});

function check(source: RangeSource) {
  return withMediaInput(source, (input) => checkDecodes(input, { timeoutMs: 30_000 }));
}

describe('checkDecodes', () => {
  it.each(['mp4', 'webm', 'audio'] as const)('finds a decodable frame in the %s demo', async (kind) => {
    expect(await check(bufferSource(generated.get(kind)!))).toEqual({ decodes: true });
  });

  it('finds nothing in the first 3,000 bytes of an MP4, whose header still parses, and says why', async () => {
    const result = await check(bufferSource(generated.get('mp4')!.subarray(0, 3000), 'video/mp4'));
    expect(result).toEqual({ decodes: false, detail: expect.stringMatching(/^h264: /) });
  });

  it('still finds sound when ffmpeg has no decoder for the picture', async () => {
    // Same WebM, its video track relabelled with a codec id nobody knows.
    const webm = generated.get('webm')!;
    const relabelled = Buffer.from(webm.toString('latin1').replace('V_VP8', 'V_XYZ'), 'latin1');
    expect(relabelled.equals(webm)).toBe(false);
    expect(await check(bufferSource(relabelled, 'video/webm'))).toEqual({ decodes: true });
  });

  it('keeps the loopback URL out of what it reports', async () => {
    const result = await check(bufferSource(Buffer.from('not media at all'), 'video/mp4'));
    expect(result.decodes).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1/);
  });

  it('reports a source that breaks off as a source failure (ours, retried), not as broken media', async () => {
    const err = await check(failingSource(generated.get('mp4')!, { failAfter: 3000 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'source_failed' });
  });

  it('reports a source that cannot open as a source failure', async () => {
    const err = await check(failingSource(generated.get('webm')!, { failAt: 0 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'source_failed' });
  });
});
