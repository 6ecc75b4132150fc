/**
 * One segment's bytes, gathered from input chunks so that AES reads each segment in a single
 * update() call: a second call costs more than copying the segment (measured, see
 * test/bench/README.md). A segment that arrives within one chunk is held as a view of that chunk,
 * with no copy; only a segment split across chunks is copied, into one preallocated buffer. So
 * memory stays at one segment (plus the chunk a view points into) whatever the input chunking.
 * Holding a chunk after its write callback is what Node's own stream buffers do: a stream source
 * must not reuse a buffer it has pushed.
 */
export class SegmentBuffer {
  private readonly capacity: number;
  /** The held bytes while they all came from one chunk. */
  private slice: Buffer | undefined;
  /** Allocated for the first segment that is split across chunks, then reused. */
  private buffer: Buffer | undefined;
  private filled = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get length(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.capacity;
  }

  /**
   * Takes chunk[offset..] until `limit` bytes are held (at most the capacity).
   * Returns the offset of the first byte not taken.
   */
  fillFrom(chunk: Buffer, offset: number, limit = this.capacity): number {
    const take = Math.min(chunk.length - offset, Math.min(limit, this.capacity) - this.filled);
    if (take <= 0) return offset;
    const end = offset + take;
    if (this.filled === 0) {
      this.slice = offset === 0 && end === chunk.length ? chunk : chunk.subarray(offset, end);
    } else {
      const buffer = (this.buffer ??= Buffer.allocUnsafe(this.capacity));
      if (this.slice) {
        this.slice.copy(buffer, 0);
        this.slice = undefined;
      }
      chunk.copy(buffer, this.filled, offset, end);
    }
    this.filled += take;
    return end;
  }

  /** The held bytes; a view that is invalid after reset(), so consume it first. */
  view(): Buffer {
    return this.slice ?? (this.buffer ?? EMPTY).subarray(0, this.filled);
  }

  reset(): void {
    this.slice = undefined;
    this.filled = 0;
  }
}

const EMPTY = Buffer.alloc(0);
