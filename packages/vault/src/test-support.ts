// Helpers for the vault's own tests only; not exported from index.ts.
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createEncryptStream } from './encrypt-stream.ts';
import { createHeader } from './header.ts';
import { randomBytes } from 'node:crypto';

/** Splits `data` into chunks whose sizes cycle through `sizes` (all > 0). */
export function chunked(data: Buffer, sizes: readonly number[] = [data.length || 1]): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i += 1) {
    const size = Math.max(1, sizes[i % sizes.length]!);
    chunks.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

export interface RunResult {
  /** Everything the consumer received. */
  output: Buffer;
  /** Everything the transform ever pushed, whether or not it reached the consumer. */
  pushed: Buffer;
  error: unknown;
}

/**
 * Runs `chunks` through `transform` with stream/promises pipeline. Spying on push() makes the
 * "no unauthenticated plaintext" assertions exact: data pushed just before an error may never
 * reach the consumer, but it would still have left the stream.
 */
export async function run(transform: Transform, chunks: Buffer[]): Promise<RunResult> {
  const pushed: Buffer[] = [];
  const push = transform.push.bind(transform);
  transform.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (Buffer.isBuffer(chunk)) pushed.push(Buffer.from(chunk));
    return push(chunk, encoding);
  };
  const output: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output.push(chunk);
      callback();
    },
  });
  let error: unknown;
  try {
    await pipeline(Readable.from(chunks), transform, sink);
  } catch (err) {
    error = err;
  }
  return { output: Buffer.concat(output), pushed: Buffer.concat(pushed), error };
}

export interface Sealed {
  objectId: string;
  dek: Buffer;
  header: Buffer;
  object: Buffer;
}

export async function encrypt(plaintext: Buffer, segmentLog2: number, sizes?: readonly number[]): Promise<Sealed> {
  const objectId = `obj-${randomBytes(4).toString('hex')}`;
  const dek = randomBytes(32);
  const header = createHeader(segmentLog2);
  const result = await run(createEncryptStream({ objectId, dek, header }), chunked(plaintext, sizes));
  if (result.error) throw result.error;
  return { objectId, dek, header, object: result.output };
}
