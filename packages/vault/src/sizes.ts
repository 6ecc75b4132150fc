import { VaultError } from './errors.ts';
import { HEADER_BYTES, TAG_BYTES, isValidSegmentLog2 } from './header.ts';

/** The segment index is a uint32 in the nonce, so an object can never have more segments. */
export const MAX_SEGMENTS = 2 ** 32;

function assertSegmentLog2(segmentLog2: number): void {
  if (!isValidSegmentLog2(segmentLog2)) {
    throw new VaultError('bad_header', `segment size exponent ${String(segmentLog2)} out of range`);
  }
}

function isByteCount(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

/** n = max(1, ceil(L / S)): an empty plaintext still has one (empty, final) segment. */
export function segmentCount(plaintextBytes: number, segmentLog2: number): number {
  const s = 2 ** segmentLog2;
  return Math.max(1, Math.ceil(plaintextBytes / s));
}

/** Plaintext bytes held by segment `index` of an object of `plaintextBytes`. */
export function segmentPlaintextBytes(plaintextBytes: number, segmentLog2: number, index: number): number {
  const s = 2 ** segmentLog2;
  const n = segmentCount(plaintextBytes, segmentLog2);
  return index < n - 1 ? s : plaintextBytes - (n - 1) * s;
}

/** Absolute offset of segment `index` in the object. */
export function segmentOffset(segmentLog2: number, index: number): number {
  return HEADER_BYTES + index * (2 ** segmentLog2 + TAG_BYTES);
}

export function encryptedSize(plaintextBytes: number, segmentLog2: number): number {
  assertSegmentLog2(segmentLog2);
  if (!isByteCount(plaintextBytes)) {
    throw new VaultError('bad_range', `plaintext size must be a non-negative safe integer`);
  }
  const n = segmentCount(plaintextBytes, segmentLog2);
  if (n > MAX_SEGMENTS) {
    throw new VaultError('bad_range', `plaintext too large for segment size 2^${segmentLog2}`);
  }
  return HEADER_BYTES + n * TAG_BYTES + plaintextBytes;
}

export function plaintextSize(encryptedBytes: number, segmentLog2: number): number {
  assertSegmentLog2(segmentLog2);
  if (!isByteCount(encryptedBytes) || encryptedBytes < HEADER_BYTES + TAG_BYTES) {
    throw new VaultError('truncated', `${String(encryptedBytes)} bytes cannot be a KRV1 object`);
  }
  const sealed = 2 ** segmentLog2 + TAG_BYTES;
  const body = encryptedBytes - HEADER_BYTES;
  const full = Math.floor(body / sealed);
  const rest = body - full * sealed;
  // A non-empty tail must carry at least one plaintext byte, unless it is the sole (empty) segment.
  const tailOk = rest === 0 || rest > TAG_BYTES || (rest === TAG_BYTES && full === 0);
  const n = full + (rest === 0 ? 0 : 1);
  if (!tailOk || n > MAX_SEGMENTS) {
    throw new VaultError('truncated', `${encryptedBytes} bytes cannot be a KRV1 object with 2^${segmentLog2}-byte segments`);
  }
  return body - n * TAG_BYTES;
}
