import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collect } from '../../repositories/media/test-support.ts';
import { generateDemoMedia, type DemoMediaSpec } from './generate.ts';

async function digest(spec: DemoMediaSpec): Promise<string> {
  const media = generateDemoMedia(spec);
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  return createHash('sha256').update(bytes).digest('hex');
}

describe('generateDemoMedia', () => {
  it.each(['mp4', 'webm', 'audio'] as const)('%s: same seed, same bytes; other seed, other bytes', async (kind) => {
    const a = await digest({ kind, seconds: 1, seed: 5 });
    expect(await digest({ kind, seconds: 1, seed: 5 })).toBe(a);
    expect(await digest({ kind, seconds: 1, seed: 6 })).not.toBe(a);
  });

  it('names browser-playable content types and starts with the container signature', async () => {
    const expected = { mp4: 'video/mp4', webm: 'video/webm', audio: 'audio/mp4' } as const;
    for (const kind of ['mp4', 'webm', 'audio'] as const) {
      const media = generateDemoMedia({ kind, seconds: 0.5, seed: 1 });
      const [bytes] = await Promise.all([collect(media.stream), media.done]);
      expect(media.contentType).toBe(expected[kind]);
      const magic = kind === 'webm' ? bytes.subarray(0, 4).toString('hex') : bytes.subarray(4, 8).toString('latin1');
      expect(magic).toBe(kind === 'webm' ? '1a45dfa3' : 'ftyp');
    }
  });

  it('stops ffmpeg when aborted', async () => {
    const controller = new AbortController();
    const media = generateDemoMedia({ kind: 'mp4', seconds: 600, seed: 1 }, { signal: controller.signal });
    await new Promise((r) => media.stream.once('data', r));
    controller.abort();
    await expect(media.done).rejects.toMatchObject({ code: 'aborted' });
    await expect(collect(media.stream)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('rejects nonsense specs before starting ffmpeg', () => {
    expect(() => generateDemoMedia({ kind: 'mp4', seconds: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateDemoMedia({ kind: 'mp4', seconds: 5, seed: 1.5 })).toThrow(RangeError);
  });
});
