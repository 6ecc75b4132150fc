import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { Pacer, pacedChunks } from './paced-stream.ts';
import { createDecryptStream, createEncryptStream, createHeader, generateDek } from '@kura/vault';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A pacer on a clock the test moves: each piece of work "takes" `cost` ms. */
function clocked(budgetMs: number) {
  let t = 0;
  const pacer = new Pacer(budgetMs, () => t);
  const ran: string[] = [];
  const work = (name: string, cost: number) => () => {
    ran.push(name);
    t += cost;
  };
  return { pacer, ran, work };
}

describe('Pacer', () => {
  it('runs work at once while the turn is within its budget', () => {
    const { pacer, ran, work } = clocked(1);
    pacer.run(work('a', 0.3));
    pacer.run(work('b', 0.3));
    pacer.run(work('c', 0.3));
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(pacer.queued).toBe(0);
  });

  it('queues what comes after the budget is spent, and runs it next turn in order', async () => {
    const { pacer, ran, work } = clocked(1);
    pacer.run(work('a', 1.5));
    pacer.run(work('b', 0.1));
    pacer.run(work('c', 0.1));
    expect(ran).toEqual(['a']);
    expect(pacer.queued).toBe(2);
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(pacer.queued).toBe(0);
  });

  it('runs at least one piece per turn, however long each takes', async () => {
    const { pacer, ran, work } = clocked(1);
    for (const name of ['a', 'b', 'c', 'd']) pacer.run(work(name, 5));
    expect(ran).toEqual(['a']);
    await nextTurn();
    expect(ran).toEqual(['a', 'b']);
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets callbacks that are ready between turns run before the queued work', async () => {
    const { pacer, ran, work } = clocked(1);
    pacer.run(work('bulk 1', 2));
    pacer.run(work('bulk 2', 2));
    pacer.run(work('bulk 3', 2));
    // Stands for an answer that arrives while bulk work waits: it must not wait for all of it.
    setImmediate(() => ran.push('answer'));
    await nextTurn();
    await nextTurn();
    await nextTurn();
    expect(ran.indexOf('answer')).toBeLessThan(ran.indexOf('bulk 3'));
    expect(ran).toHaveLength(4);
  });

  it('does not let new work overtake queued work', async () => {
    const { pacer, ran, work } = clocked(1);
    pacer.run(work('a', 2));
    pacer.run(work('b', 0.1));
    await nextTurn();
    // A fresh turn with budget left, but nothing jumps the queue: 'c' follows 'b'.
    pacer.run(work('c', 0.1));
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

describe('pacedChunks', () => {
  it('works the unpaced bytes at once and the rest through the pacer', async () => {
    const { pacer } = clocked(0);
    const schedule = pacedChunks(100, pacer);
    const ran: number[] = [];
    const chunk = (n: number) => schedule(Buffer.alloc(60), () => ran.push(n));
    chunk(1);
    chunk(2); // still within the first 100 bytes when it starts
    // Budget 0: the first paced chunk starts a turn and runs, the next waits for a turn.
    chunk(3);
    chunk(4);
    expect(ran).toEqual([1, 2, 3]);
    await nextTurn();
    expect(ran).toEqual([1, 2, 3, 4]);
  });

  it('paces a decrypting stream and it still delivers every byte in order', async () => {
    const data = randomBytes(4 * 1024 * 1024 + 17);
    const objectId = 'paced';
    const dek = generateDek();
    const header = createHeader(16);
    const sealed: Buffer[] = [];
    await pipeline(Readable.from([data]), createEncryptStream({ objectId, dek, header }), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) sealed.push(chunk);
    });
    const object = Buffer.concat(sealed);
    const chunks = Array.from({ length: Math.ceil(object.length / 65536) }, (_, i) => object.subarray(i * 65536, (i + 1) * 65536));
    const { pacer } = clocked(0);
    const decrypt = createDecryptStream({ objectId, dek, expectedHeader: header, schedule: pacedChunks(65552 + 16, pacer) });
    const out: Buffer[] = [];
    const done = pipeline(Readable.from(chunks), decrypt, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) out.push(chunk);
    });
    await done;
    expect(Buffer.concat(out).equals(data)).toBe(true);
    expect(pacer.queued).toBe(0);
  });
});
