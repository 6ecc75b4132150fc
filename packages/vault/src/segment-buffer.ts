/**
 * A fixed-size accumulator for one segment. Copying into one preallocated buffer keeps memory
 * at one segment whatever the input chunking, without re-concatenating chunk lists.
 */
export class SegmentBuffer {
  private readonly buffer: Buffer;
  private filled = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  get length(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.buffer.length;
  }

  /**
   * Copies from chunk[offset..] until `limit` bytes are held (at most the capacity).
   * Returns the offset of the first byte not taken.
   */
  fillFrom(chunk: Buffer, offset: number, limit = this.buffer.length): number {
    const take = Math.min(chunk.length - offset, limit - this.filled);
    if (take <= 0) return offset;
    chunk.copy(this.buffer, this.filled, offset, offset + take);
    this.filled += take;
    return offset + take;
  }

  /** The held bytes; a view that is overwritten after reset(), so consume it first. */
  view(): Buffer {
    return this.buffer.subarray(0, this.filled);
  }

  reset(): void {
    this.filled = 0;
  }
}
