/**
 * Past this many slices a segment's further bytes are copied: a flood of tiny chunks must cost
 * neither unbounded bookkeeping nor a cipher update() per byte. HTTP bodies arrive in 16–64 KiB
 * chunks, so a 64 KiB segment (or its sealed form, 16 bytes longer) spans far fewer.
 */
const MAX_SLICES = 16;

/**
 * One segment's bytes as they arrive in input chunks. They are held as slices of the chunks
 * themselves, not copied: the cipher reads each slice in turn (GCM takes its input in any number
 * of update() calls), so with ordinary chunking no byte is copied before AES reads it. Holding a
 * chunk after its write callback is what Node's own stream buffers do; a stream source must not
 * reuse a buffer it has pushed. Memory stays bounded by MAX_SLICES chunks plus one segment.
 */
export class SegmentParts {
  private readonly capacity: number;
  private readonly slices: Buffer[] = [];
  private held = 0;
  /** Allocated only once a segment arrives in more than MAX_SLICES pieces. */
  private scratch: Buffer | undefined;
  private copied = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get length(): number {
    return this.held;
  }

  /**
   * Takes chunk[offset..] until `limit` bytes are held (at most the capacity). Returns the offset
   * of the first byte not taken.
   */
  take(chunk: Buffer, offset: number, limit = this.capacity): number {
    const n = Math.min(chunk.length - offset, Math.min(limit, this.capacity) - this.held);
    if (n <= 0) return offset;
    const end = offset + n;
    if (this.slices.length < MAX_SLICES) {
      this.slices.push(n === chunk.length ? chunk : chunk.subarray(offset, end));
    } else {
      // Everything past the last slice goes into one buffer, which becomes the final slice.
      const scratch = (this.scratch ??= Buffer.allocUnsafe(this.capacity));
      chunk.copy(scratch, this.copied, offset, end);
      this.copied += n;
      this.slices[MAX_SLICES] = scratch.subarray(0, this.copied);
    }
    this.held += n;
    return end;
  }

  /** The held bytes, in order. Valid until reset(), so consume them first. */
  get parts(): readonly Buffer[] {
    return this.slices;
  }

  /** Drops the references to the chunks (the scratch buffer is kept for the next segment). */
  reset(): void {
    this.slices.length = 0;
    this.held = 0;
    this.copied = 0;
  }
}
