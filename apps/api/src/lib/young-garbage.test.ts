import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import { setTimeout as tick } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECT_EVERY, countStreamedBytes } from './young-garbage.ts';

let scavenges = 0;
let others = 0;
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges += 1;
    else others += 1;
  }
});

beforeEach(() => observer.observe({ entryTypes: ['gc'] }));
afterEach(() => observer.disconnect());

/** GC entries arrive asynchronously; a settled count after a couple of turns of the loop. */
async function counted<T>(fn: () => T): Promise<{ scavenges: number; others: number }> {
  await tick(20);
  const before = { scavenges, others };
  fn();
  await tick(20);
  return { scavenges: scavenges - before.scavenges, others: others - before.others };
}

describe('countStreamedBytes', () => {
  it('runs one scavenge (no full collection) per COLLECT_EVERY bytes streamed, across calls', async () => {
    // Bring the counter to a known point: it may hold bytes from another test's stream.
    await counted(() => countStreamedBytes(COLLECT_EVERY));
    const below = await counted(() => {
      for (let i = 0; i < 31; i++) countStreamedBytes(COLLECT_EVERY / 32);
    });
    expect(below.scavenges).toBe(0);
    const reached = await counted(() => countStreamedBytes(COLLECT_EVERY / 32));
    expect(reached.scavenges).toBeGreaterThanOrEqual(1);
    expect(reached.others).toBe(0);
    const many = await counted(() => {
      for (let i = 0; i < 4; i++) countStreamedBytes(COLLECT_EVERY);
    });
    expect(many.scavenges).toBeGreaterThanOrEqual(4);
  });

  it('gives no module a global gc', () => {
    countStreamedBytes(COLLECT_EVERY);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
