import { describe, expect, it } from 'vitest';
import { generateDemoMedia } from '../../demo/media/generate.ts';
import { withMediaInput, type MediaInput } from './media-input.ts';
import { bufferSource, collect, processExists } from './test-support.ts';

async function demoMp4(seconds: number): Promise<Buffer> {
  const media = generateDemoMedia({ kind: 'mp4', seconds, seed: 5 });
  const [bytes] = await Promise.all([collect(media.stream), media.done]);
  return bytes;
}

describe('withMediaInput', () => {
  it('stops ffmpeg and closes the source when the caller fails half-way', async () => {
    const bytes = await demoMp4(20);
    let url = '';
    let pid: number | undefined;
    const failure = new Error('caller gave up');
    const outcome = withMediaInput(bufferSource(bytes, 'video/mp4'), async (input) => {
      // -re reads at playback speed: 20 s of it is still running when the caller throws.
      const run = input.ffmpeg((u) => {
        url = u;
        return ['-hide_banner', '-nostdin', '-re', '-i', u, '-f', 'null', '-'];
      });
      pid = run.child.pid;
      await new Promise((r) => setTimeout(r, 300));
      expect(processExists(pid!)).toBe(true);
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    expect(processExists(pid!)).toBe(false);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('runs no ffmpeg once it is closed', async () => {
    let kept: MediaInput | undefined;
    await withMediaInput(bufferSource(Buffer.alloc(10)), async (input) => {
      kept = input;
    });
    expect(() => kept!.ffmpeg((u) => ['-i', u])).toThrow(/closed/);
  });

  it('lets its own ffmpeg read while the same URL gets nothing from this process', async () => {
    const bytes = await demoMp4(2);
    const source = bufferSource(bytes, 'video/mp4');
    await withMediaInput(source, async (input) => {
      let url = '';
      const run = input.ffmpeg(
        (u) => {
          url = u;
          return [
            '-hide_banner',
            '-nostdin',
            '-loglevel',
            'error',
            '-i',
            u,
            '-c',
            'copy',
            '-f',
            'mp4',
            '-movflags',
            'frag_keyframe+empty_moov',
            '-',
          ];
        },
        { timeoutMs: 30_000 },
      );
      const [copy] = await Promise.all([collect(run.stdout), run.done]);
      expect(copy.length).toBeGreaterThan(bytes.length / 2);
      const opened = source.opened.length;
      const res = await fetch(url);
      expect([res.status, (await res.arrayBuffer()).byteLength]).toEqual([404, 0]);
      expect(source.opened.length).toBe(opened);
    });
  });
});
