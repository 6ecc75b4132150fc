import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MediaToolError } from './errors.ts';
import { runFfmpeg } from './ffmpeg-process.ts';
import { collect, processExists } from './test-support.ts';

// Real-time (-re) so it runs until something stops it.
const endless = ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5', '-f', 'rawvideo', '-'];

async function rejection(promise: Promise<unknown>): Promise<MediaToolError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaToolError);
  return err as MediaToolError;
}

describe('runFfmpeg', () => {
  it('streams stdout and resolves on success', async () => {
    const run = runFfmpeg([
      '-hide_banner',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      'color=size=16x16:duration=1:rate=5',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ]);
    const [bytes, result] = await Promise.all([collect(run.stdout), run.done]);
    expect(bytes.length).toBe(16 * 16 * 5);
    expect(result.exitCode).toBe(0);
  });

  it('kills the child on timeout and leaves no process behind', async () => {
    const run = runFfmpeg(endless, { timeoutMs: 300 });
    run.stdout.resume();
    const pid = run.child.pid!;
    const err = await rejection(run.done);
    expect(err.code).toBe('timeout');
    expect(processExists(pid)).toBe(false);
  });

  it('kills the child on abort and destroys stdout with the error', async () => {
    const controller = new AbortController();
    const run = runFfmpeg(endless, { signal: controller.signal });
    const pid = run.child.pid!;
    const read = collect(run.stdout).then(
      () => 'ended',
      (e: unknown) => e,
    );
    setTimeout(() => controller.abort(), 200);
    expect((await rejection(run.done)).code).toBe('aborted');
    expect(processExists(pid)).toBe(false);
    expect(await read).toMatchObject({ code: 'aborted' });
  });

  it('escalates to SIGKILL when the child ignores SIGTERM, even with stdout unread', async () => {
    const controller = new AbortController();
    const run = runFfmpeg(['-c', 'trap "" TERM; exec sleep 30'], { ffmpegPath: '/bin/sh', signal: controller.signal, killGraceMs: 200 });
    const pid = run.child.pid!;
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    controller.abort();
    expect((await rejection(run.done)).code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(processExists(pid)).toBe(false);
  });

  it('kills the child when the consumer destroys stdout', async () => {
    const run = runFfmpeg(endless);
    const pid = run.child.pid!;
    await new Promise((r) => run.stdout.once('data', r));
    run.stdout.destroy();
    expect((await rejection(run.done)).code).toBe('aborted');
    expect(processExists(pid)).toBe(false);
  });

  it('rejects a non-zero exit as failed with the stderr tail, and never ends stdout cleanly', async () => {
    const run = runFfmpeg(['-hide_banner', '-nostdin', '-i', '/nonexistent/input.mp4', '-f', 'null', '-']);
    const read = collect(run.stdout).then(
      () => 'ended',
      (e: unknown) => e,
    );
    const err = await rejection(run.done);
    expect(err.code).toBe('failed');
    expect(err.stderrTail).toContain('No such file or directory');
    expect(await read).toBe(err);
  });

  it('reports a missing binary as failed', async () => {
    const err = await rejection(runFfmpeg([], { ffmpegPath: '/nonexistent/ffmpeg' }).done);
    expect(err.code).toBe('failed');
    expect(err.message).toContain('could not start');
  });

  it('feeds stdin through a pipe', async () => {
    const raw = Buffer.alloc(8 * 8 * 3, 0x80);
    const run = runFfmpeg(
      ['-hide_banner', '-nostdin', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '8x8', '-i', 'pipe:0', '-f', 'rawvideo', '-'],
      { stdin: Readable.from([raw]) },
    );
    const [bytes] = await Promise.all([collect(run.stdout), run.done]);
    expect(bytes.equals(raw)).toBe(true);
  });
});
