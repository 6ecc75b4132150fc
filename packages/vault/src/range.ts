import { VaultError } from './errors.ts';
import { TAG_BYTES, isValidSegmentLog2 } from './header.ts';
import { MAX_SEGMENTS, segmentCount, segmentOffset, segmentPlaintextBytes } from './sizes.ts';

/** Which sealed segments cover a plaintext range, and where they sit in the object. */
export interface RangePlan {
  firstSegment: number;
  lastSegment: number;
  segmentCount: number;
  /** Absolute offset in the object of the first ciphertext byte to fetch. */
  cipherStart: number;
  /** Absolute offset of the last byte to fetch, inclusive (as in an HTTP Range header). */
  cipherEnd: number;
  /** Plaintext bytes to drop from the front of the first decrypted segment. */
  skip: number;
  /** end - start + 1 */
  length: number;
}

export interface RangeRequest {
  plaintextBytes: number;
  segmentLog2: number;
  /** First plaintext byte, inclusive. */
  start: number;
  /** Last plaintext byte, inclusive. */
  end: number;
}

export function planRange(opts: RangeRequest): RangePlan {
  const { plaintextBytes, segmentLog2, start, end } = opts;
  if (!isValidSegmentLog2(segmentLog2)) {
    throw new VaultError('bad_range', `segment size exponent ${String(segmentLog2)} out of range`);
  }
  if (!Number.isSafeInteger(plaintextBytes) || plaintextBytes < 0) {
    throw new VaultError('bad_range', 'plaintext size must be a non-negative safe integer');
  }
  if (segmentCount(plaintextBytes, segmentLog2) > MAX_SEGMENTS) {
    throw new VaultError('bad_range', `plaintext too large for segment size 2^${segmentLog2}`);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end >= plaintextBytes) {
    throw new VaultError('bad_range', `range ${String(start)}-${String(end)} is not within 0-${plaintextBytes - 1}`);
  }
  const s = 2 ** segmentLog2;
  const firstSegment = Math.floor(start / s);
  const lastSegment = Math.floor(end / s);
  return {
    firstSegment,
    lastSegment,
    segmentCount: lastSegment - firstSegment + 1,
    cipherStart: segmentOffset(segmentLog2, firstSegment),
    cipherEnd: segmentOffset(segmentLog2, lastSegment) + segmentPlaintextBytes(plaintextBytes, segmentLog2, lastSegment) + TAG_BYTES - 1,
    skip: start - firstSegment * s,
    length: end - start + 1,
  };
}

/** True when the plan is exactly what planRange() gives for the same request. */
export function isPlanFor(plan: RangePlan, plaintextBytes: number, segmentLog2: number): boolean {
  const start = plan.firstSegment * 2 ** segmentLog2 + plan.skip;
  let expected: RangePlan;
  try {
    expected = planRange({ plaintextBytes, segmentLog2, start, end: start + plan.length - 1 });
  } catch {
    return false;
  }
  return (Object.keys(expected) as (keyof RangePlan)[]).every((key) => plan[key] === expected[key]);
}
