import { Transform, type TransformCallback } from 'node:stream';
import { VaultError } from './errors.ts';
import { HEADER_BYTES, TAG_BYTES, parseHeader } from './header.ts';
import type { ChunkScheduler } from './schedule.ts';
import { SegmentBuffer } from './segment-buffer.ts';
import { SegmentCrypto, assertKey } from './segment.ts';

export interface DecryptStreamOptions {
  objectId: string;
  dek: Buffer;
  /** When given, the object's header must equal it byte for byte (e.g. the database copy). */
  expectedHeader?: Buffer;
  /** Where each input chunk's work runs (schedule.ts); at once when absent. */
  schedule?: ChunkScheduler;
}

/**
 * A whole KRV1 object in, plaintext out. A full sealed segment is held back until a further
 * byte arrives or the input ends, since only then is it known whether it is the final segment
 * (and so which nonce it was sealed under). Plaintext is pushed only after its tag verified.
 */
class DecryptStream extends Transform {
  private readonly objectId: string;
  private readonly dek: Buffer;
  private readonly expectedHeader: Buffer | undefined;
  private readonly headerBytes = new SegmentBuffer(HEADER_BYTES);
  private crypto: SegmentCrypto | undefined;
  private pending: SegmentBuffer | undefined;
  private index = 0;
  private readonly schedule: ChunkScheduler | undefined;

  constructor(opts: DecryptStreamOptions) {
    super();
    if (typeof opts.objectId !== 'string') throw new TypeError('objectId must be a string');
    assertKey(opts.dek, 'DEK');
    if (opts.expectedHeader !== undefined) parseHeader(opts.expectedHeader);
    this.objectId = opts.objectId;
    this.dek = opts.dek;
    this.expectedHeader = opts.expectedHeader;
    this.schedule = opts.schedule;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.schedule) return this.decryptChunk(chunk, callback);
    this.schedule(chunk, () => {
      // A stream destroyed while the chunk waited takes nothing more.
      if (!this.destroyed) this.decryptChunk(chunk, callback);
    });
  }

  private decryptChunk(chunk: Buffer, callback: TransformCallback): void {
    try {
      let offset = 0;
      if (!this.crypto) {
        offset = this.headerBytes.fillFrom(chunk, 0);
        if (!this.headerBytes.full) return callback();
        this.startBody(this.headerBytes.view());
      }
      const pending = this.pending!;
      while (offset < chunk.length) {
        if (pending.full) this.openPending(false);
        offset = pending.fillFrom(chunk, offset);
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (!this.crypto) throw new VaultError('truncated', 'input ended inside the KRV1 header');
      if (this.pending!.length === 0) throw new VaultError('truncated', 'KRV1 object has no segments');
      this.openPending(true);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private startBody(header: Buffer): void {
    if (this.expectedHeader && !header.equals(this.expectedHeader)) {
      throw new VaultError('bad_header', 'object header differs from the expected header');
    }
    this.crypto = new SegmentCrypto(Buffer.from(header), this.objectId, this.dek);
    this.pending = new SegmentBuffer(this.crypto.sealedBytes);
  }

  private openPending(last: boolean): void {
    const crypto = this.crypto!;
    const pending = this.pending!;
    const sealed = pending.view();
    // Only the sole segment of an empty object may carry no plaintext.
    if (last && (sealed.length < TAG_BYTES || (sealed.length === TAG_BYTES && this.index > 0))) {
      throw new VaultError('truncated', `KRV1 object ends inside segment ${this.index}`);
    }
    const plaintext = crypto.open(this.index, last, sealed);
    if (!plaintext) throw this.diagnose(last, sealed);
    pending.reset();
    this.index += 1;
    this.push(plaintext);
  }

  /**
   * Called only on failure: a segment that verifies under the other last flag tells a clean
   * cut at a segment boundary, or bytes appended after a full final segment, from tampering.
   */
  private diagnose(last: boolean, sealed: Buffer): VaultError {
    const crypto = this.crypto!;
    const full = sealed.length === crypto.sealedBytes;
    if (full && crypto.open(this.index, !last, sealed)) {
      return last
        ? new VaultError('truncated', `KRV1 object ends after segment ${this.index} without a final segment`)
        : new VaultError('trailing_data', `data after the final segment ${this.index}`);
    }
    return new VaultError('auth_failed', `segment ${this.index} failed authentication`);
  }
}

/** Throws synchronously (VaultError) on an invalid DEK or expectedHeader. */
export function createDecryptStream(opts: DecryptStreamOptions): Transform {
  return new DecryptStream(opts);
}
