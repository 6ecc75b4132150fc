import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Streaming a recording in allocates two short-lived Buffers per 64 KiB: the socket's read and the
 * sealed KRV1 segment (node:crypto's update() always allocates its output). Both die at once, but
 * V8 frees them only at a scavenge, and it starts one when its own young generation fills, not
 * when Buffer memory piles up: ~20 MiB of dead Buffers waited for each scavenge, and the server's
 * memory grew by that much over idle (test/bench/README.md, sixth round). A scavenge after every
 * COLLECT_EVERY bytes streamed, whatever upload they belong to, bounds that garbage to a few MiB;
 * one costs a fraction of a millisecond, since little of the young generation is alive (the
 * server caps it at 8 MiB per semi-space: so many scavenges would otherwise make V8 grow it to
 * 16 MiB × 2, memory the process keeps).
 */
export const COLLECT_EVERY = 2 * 1024 * 1024;

type Gc = (options: { type: 'minor' }) => void;

let gc: Gc | null | undefined;
let sinceLast = 0;

/**
 * V8's gc() taken from a context of its own, with the flag set only while that context is made,
 * so that no module sees a global `gc` (which --expose-gc would give every one of them).
 */
function scavenger(): Gc | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    gc = typeof fn === 'function' ? (fn as Gc) : null;
  } catch {
    gc = null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return gc;
}

/** Counts bytes a request body streamed through; every COLLECT_EVERY of them, one scavenge. */
export function countStreamedBytes(n: number): void {
  sinceLast += n;
  if (sinceLast < COLLECT_EVERY) return;
  sinceLast = 0;
  scavenger()?.({ type: 'minor' });
}
