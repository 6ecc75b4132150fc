import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../lib/errors.ts';
import { countStreamedBytes } from '../../lib/young-garbage.ts';

/**
 * Passes bytes through while counting and hashing them; fails once past the size limit. Every body
 * streamed in passes here, so it also paces the scavenges that free its Buffers (lib/young-garbage).
 */
export class MeasureStream extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      cb(new AppError(413, 'payload_too_large', `recording exceeds the ${this.limit}-byte limit`));
      return;
    }
    this.hash.update(chunk);
    countStreamedBytes(chunk.length);
    cb(null, chunk);
  }

  digestHex(): string {
    return this.hash.digest('hex');
  }
}
