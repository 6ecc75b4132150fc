import { Transform, type TransformCallback } from 'node:stream';
import { VaultError } from './errors.ts';
import { TAG_BYTES } from './header.ts';
import { isPlanFor, type RangePlan } from './range.ts';
import type { ChunkScheduler } from './schedule.ts';
import { SegmentBuffer } from './segment-buffer.ts';
import { SegmentCrypto } from './segment.ts';
import { segmentCount, segmentPlaintextBytes } from './sizes.ts';

export interface RangeDecryptStreamOptions {
  objectId: string;
  dek: Buffer;
  /** The object's header as stored by the caller; the fetched bytes do not include it. */
  header: Buffer;
  /** Plaintext size of the whole object; it decides which segment is final and how long each is. */
  plaintextBytes: number;
  plan: RangePlan;
  /** Where each input chunk's work runs (schedule.ts); at once when absent. */
  schedule?: ChunkScheduler;
}

/**
 * Sealed bytes plan.cipherStart..plan.cipherEnd in, exactly the planned plaintext out. Segment
 * lengths and the final flag follow from plaintextBytes, so each segment is opened as soon as it
 * is complete; a wrong size claim makes a tag fail rather than pass unauthenticated bytes on.
 */
class RangeDecryptStream extends Transform {
  private readonly crypto: SegmentCrypto;
  private readonly pending: SegmentBuffer;
  private readonly plaintextBytes: number;
  private readonly finalIndex: number;
  private readonly plan: RangePlan;
  private index: number;
  private skip: number;
  private remaining: number;
  private readonly schedule: ChunkScheduler | undefined;

  constructor(opts: RangeDecryptStreamOptions) {
    super();
    this.crypto = new SegmentCrypto(opts.header, opts.objectId, opts.dek);
    if (!isPlanFor(opts.plan, opts.plaintextBytes, this.crypto.segmentLog2)) {
      throw new VaultError('bad_range', 'range plan does not match the object size and segment size');
    }
    this.pending = new SegmentBuffer(this.crypto.sealedBytes);
    this.plaintextBytes = opts.plaintextBytes;
    this.finalIndex = segmentCount(opts.plaintextBytes, this.crypto.segmentLog2) - 1;
    this.plan = { ...opts.plan };
    this.index = opts.plan.firstSegment;
    this.skip = opts.plan.skip;
    this.remaining = opts.plan.length;
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
      while (offset < chunk.length) {
        if (this.index > this.plan.lastSegment) {
          throw new VaultError('trailing_data', 'more ciphertext than the planned range');
        }
        const sealedLength = this.sealedLength(this.index);
        offset = this.pending.fillFrom(chunk, offset, sealedLength);
        if (this.pending.length === sealedLength) this.openPending();
      }
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.index <= this.plan.lastSegment) {
      callback(new VaultError('truncated', `ciphertext for the range ended inside segment ${this.index}`));
      return;
    }
    callback();
  }

  private sealedLength(index: number): number {
    return segmentPlaintextBytes(this.plaintextBytes, this.crypto.segmentLog2, index) + TAG_BYTES;
  }

  private openPending(): void {
    const plaintext = this.crypto.open(this.index, this.index === this.finalIndex, this.pending.view());
    if (!plaintext) throw new VaultError('auth_failed', `segment ${this.index} failed authentication`);
    this.pending.reset();
    this.index += 1;
    const wanted = plaintext.subarray(this.skip, this.skip + this.remaining);
    this.skip = 0;
    this.remaining -= wanted.length;
    if (wanted.length > 0) this.push(wanted);
  }
}

/** Throws synchronously (VaultError) on an invalid header, DEK or plan. */
export function createRangeDecryptStream(opts: RangeDecryptStreamOptions): Transform {
  return new RangeDecryptStream(opts);
}
