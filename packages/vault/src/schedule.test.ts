import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createRangeDecryptStream, planRange, type ChunkScheduler } from './index.ts';
import { chunked, encrypt, run } from './test-support.ts';

/** Runs each chunk's work on a later turn, in order, and records how many waited. */
function deferred(): { schedule: ChunkScheduler; waited: () => number } {
  let waited = 0;
  return {
    schedule: (_chunk, work) => {
      waited += 1;
      setImmediate(work);
    },
    waited: () => waited,
  };
}

describe('a chunk scheduler', () => {
  it('gets every chunk of a whole object, and the plaintext is the same', async () => {
    const plaintext = randomBytes(5 * 4096 + 123);
    const sealed = await encrypt(plaintext, 12);
    const { schedule, waited } = deferred();
    const chunks = chunked(sealed.object, [1000, 7000, 333]);
    const result = await run(
      createDecryptStream({ objectId: sealed.objectId, dek: sealed.dek, expectedHeader: sealed.header, schedule }),
      chunks,
    );
    expect(result.error).toBeUndefined();
    expect(result.output.equals(plaintext)).toBe(true);
    expect(waited()).toBe(chunks.length);
  });

  it('gets every chunk of a range, and the range is the same', async () => {
    const plaintext = randomBytes(9 * 4096);
    const sealed = await encrypt(plaintext, 12);
    const plan = planRange({ plaintextBytes: plaintext.length, segmentLog2: 12, start: 5000, end: 20_000 });
    const { schedule, waited } = deferred();
    const body = sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 1);
    const chunks = chunked(body, [4000, 500]);
    const stream = createRangeDecryptStream({
      objectId: sealed.objectId,
      dek: sealed.dek,
      header: sealed.header,
      plaintextBytes: plaintext.length,
      plan,
      schedule,
    });
    const result = await run(stream, chunks);
    expect(result.error).toBeUndefined();
    expect(result.output.equals(plaintext.subarray(5000, 20_001))).toBe(true);
    expect(waited()).toBe(chunks.length);
  });

  it('a stream destroyed while a chunk waits opens nothing of it and does not throw', async () => {
    const plaintext = randomBytes(4 * 4096);
    const sealed = await encrypt(plaintext, 12);
    const queued: Array<() => void> = [];
    const stream = createDecryptStream({
      objectId: sealed.objectId,
      dek: sealed.dek,
      expectedHeader: sealed.header,
      schedule: (_chunk, work) => queued.push(work),
    });
    const seen: Buffer[] = [];
    const errors: unknown[] = [];
    const push = stream.push.bind(stream);
    stream.push = (chunk: unknown) => {
      if (Buffer.isBuffer(chunk)) seen.push(chunk);
      return push(chunk);
    };
    stream.on('error', (err) => errors.push(err));
    stream.write(sealed.object);
    stream.destroy();
    for (const work of queued) work();
    await nextTurn();
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);
  });
});
