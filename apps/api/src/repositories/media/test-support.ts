// Helpers shared by this folder's tests only.
import { Readable } from 'node:stream';
import type { RangeSource } from './media-input.ts';

export interface TrackedSource extends RangeSource {
  opened: Array<{ start: number; end: number; stream: Readable; signal: AbortSignal }>;
}

/** A RangeSource over an in-memory buffer that records every stream it hands out. */
export function bufferSource(data: Buffer, contentType = 'application/octet-stream'): TrackedSource {
  const opened: TrackedSource['opened'] = [];
  return {
    size: data.length,
    contentType,
    opened,
    async openRange(start, end, signal) {
      const stream = Readable.from(chunks(data.subarray(start, end + 1)), { objectMode: false });
      opened.push({ start, end, stream, signal });
      return stream;
    },
  };
}

/**
 * A RangeSource that fails like storage can: `failAt` rejects opening any range that starts at
 * or after it; `failAfter` breaks every stream off with an error once that many bytes of the
 * source have gone out.
 */
export function failingSource(data: Buffer, how: { failAt?: number; failAfter?: number }, contentType = 'video/mp4'): RangeSource {
  return {
    size: data.length,
    contentType,
    async openRange(start, end) {
      if (how.failAt !== undefined && start >= how.failAt) throw new Error('storage unavailable');
      const stop = how.failAfter === undefined ? end + 1 : Math.min(end + 1, how.failAfter);
      const head = data.subarray(start, Math.max(start, stop));
      return Readable.from(
        (function* () {
          yield* chunks(head);
          if (stop <= end) throw new Error('storage connection reset');
        })(),
        { objectMode: false },
      );
    },
  };
}

function* chunks(data: Buffer): Generator<Buffer> {
  for (let i = 0; i < data.length; i += 16 * 1024) yield data.subarray(i, i + 16 * 1024);
}

export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Deterministic pseudo-random bytes, so a "garbage" test means the same garbage every run. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
