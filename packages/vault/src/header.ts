import { randomBytes } from 'node:crypto';
import { VaultError } from './errors.ts';

export const HEADER_BYTES = 16;
export const TAG_BYTES = 16;
export const PREFIX_BYTES = 7;
export const MIN_SEGMENT_LOG2 = 12;
export const MAX_SEGMENT_LOG2 = 24;
/** 64 KiB: big enough that the 16-byte tag is noise, small enough for cheap range reads. */
export const DEFAULT_SEGMENT_LOG2 = 16;

const MAGIC = Buffer.from('KRV1', 'ascii');
const VERSION = 0x01;

export function isValidSegmentLog2(k: unknown): k is number {
  return Number.isInteger(k) && (k as number) >= MIN_SEGMENT_LOG2 && (k as number) <= MAX_SEGMENT_LOG2;
}

export function createHeader(segmentLog2: number, prefix?: Buffer): Buffer {
  if (!isValidSegmentLog2(segmentLog2)) {
    throw new VaultError(
      'bad_header',
      `segmentLog2 must be an integer in ${MIN_SEGMENT_LOG2}..${MAX_SEGMENT_LOG2}, got ${String(segmentLog2)}`,
    );
  }
  if (prefix !== undefined && (!Buffer.isBuffer(prefix) || prefix.length !== PREFIX_BYTES)) {
    throw new VaultError('bad_header', `nonce prefix must be ${PREFIX_BYTES} bytes`);
  }
  const header = Buffer.alloc(HEADER_BYTES); // zero-filled, so the reserved bytes are already 0
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header[5] = segmentLog2;
  (prefix ?? randomBytes(PREFIX_BYTES)).copy(header, 8);
  return header;
}

export function parseHeader(header: Buffer): { segmentLog2: number; prefix: Buffer } {
  if (!Buffer.isBuffer(header) || header.length !== HEADER_BYTES) {
    throw new VaultError('bad_header', `KRV1 header must be exactly ${HEADER_BYTES} bytes`);
  }
  if (!header.subarray(0, 4).equals(MAGIC)) {
    throw new VaultError('bad_header', 'not a KRV1 object (bad magic)');
  }
  if (header[4] !== VERSION) {
    throw new VaultError('bad_header', `unsupported KRV1 version ${String(header[4])}`);
  }
  const segmentLog2 = header[5];
  if (!isValidSegmentLog2(segmentLog2)) {
    throw new VaultError('bad_header', `segment size exponent ${String(segmentLog2)} out of range`);
  }
  // Reserved bytes must be zero so a future version cannot be misread as this one.
  if (header[6] !== 0 || header[7] !== 0 || header[15] !== 0) {
    throw new VaultError('bad_header', 'reserved header bytes are not zero');
  }
  return { segmentLog2, prefix: Buffer.from(header.subarray(8, 8 + PREFIX_BYTES)) };
}
