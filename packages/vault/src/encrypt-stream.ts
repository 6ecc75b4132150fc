import { Transform, type TransformCallback } from 'node:stream';
import { SegmentBuffer } from './segment-buffer.ts';
import { SegmentCrypto } from './segment.ts';

export interface EncryptStreamOptions {
  objectId: string;
  dek: Buffer;
  /** From createHeader(); the caller keeps a copy (e.g. in the database) for range reads. */
  header: Buffer;
}

/**
 * Plaintext in, a whole KRV1 object out. A full segment is sealed only once a further byte
 * arrives, because until then it might be the final one (whose nonce differs); so memory stays
 * at one segment and an empty input still yields one empty final segment.
 */
class EncryptStream extends Transform {
  private readonly crypto: SegmentCrypto;
  private readonly pending: SegmentBuffer;
  private index = 0;

  constructor(opts: EncryptStreamOptions) {
    super();
    this.crypto = new SegmentCrypto(opts.header, opts.objectId, opts.dek);
    this.pending = new SegmentBuffer(this.crypto.segmentBytes);
    this.push(Buffer.from(opts.header));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let offset = 0;
      while (offset < chunk.length) {
        if (this.pending.full) this.sealPending(false);
        offset = this.pending.fillFrom(chunk, offset);
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.sealPending(true);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private sealPending(last: boolean): void {
    const [ciphertext, tag] = this.crypto.seal(this.index, last, this.pending.view());
    this.pending.reset();
    this.index += 1;
    this.push(ciphertext);
    this.push(tag);
  }
}

/** Throws synchronously (VaultError) on an invalid header or DEK. */
export function createEncryptStream(opts: EncryptStreamOptions): Transform {
  return new EncryptStream(opts);
}
