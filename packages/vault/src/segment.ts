import { createCipheriv, createDecipheriv } from 'node:crypto';
import { VaultError } from './errors.ts';
import { HEADER_BYTES, PREFIX_BYTES, TAG_BYTES, parseHeader } from './header.ts';
import { MAX_SEGMENTS } from './sizes.ts';

export const DEK_BYTES = 32;
const NONCE_BYTES = 12;
const LAST_FLAG = 0x01;
const GCM_OPTIONS = { authTagLength: TAG_BYTES };

export function assertKey(key: unknown, what: string): asserts key is Buffer {
  if (!Buffer.isBuffer(key) || key.length !== DEK_BYTES) {
    throw new VaultError('bad_key', `${what} must be a ${DEK_BYTES}-byte Buffer`);
  }
}

/** nonce_i = prefix (7) || uint32_be(i) (4) || last (1), written into `nonce` (whose prefix is set). */
function writeNonce(nonce: Buffer, index: number, last: boolean): Buffer {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SEGMENTS) {
    throw new VaultError('bad_range', `segment index ${index} does not fit in a uint32`);
  }
  nonce.writeUInt32BE(index, PREFIX_BYTES);
  nonce[NONCE_BYTES - 1] = last ? LAST_FLAG : 0x00;
  return nonce;
}

/** nonce_i = prefix (7) || uint32_be(i) (4) || last (1) */
export function segmentNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(NONCE_BYTES);
  prefix.copy(nonce, 0, 0, PREFIX_BYTES);
  return writeNonce(nonce, index, last);
}

/** aad = header (16) || utf8(objectId): binds every segment to its header and to its object. */
export function segmentAad(header: Buffer, objectId: string): Buffer {
  return Buffer.concat([header, Buffer.from(objectId, 'utf8')]);
}

/**
 * Per-object AES-256-GCM state shared by the streams. A fresh cipher per segment is required:
 * GCM nonces are per message, and each segment is its own message.
 */
export class SegmentCrypto {
  readonly segmentLog2: number;
  /** S, plaintext bytes in a full segment. */
  readonly segmentBytes: number;
  /** S + 16, bytes of a full sealed segment. */
  readonly sealedBytes: number;
  private readonly dek: Buffer;
  private readonly aad: Buffer;
  /** Rewritten for each segment: createCipheriv copies the IV, so one buffer serves them all. */
  private readonly nonce: Buffer;

  constructor(header: Buffer, objectId: string, dek: Buffer) {
    if (typeof objectId !== 'string') throw new TypeError('objectId must be a string');
    assertKey(dek, 'DEK');
    const parsed = parseHeader(header);
    this.segmentLog2 = parsed.segmentLog2;
    this.segmentBytes = 2 ** parsed.segmentLog2;
    this.sealedBytes = this.segmentBytes + TAG_BYTES;
    this.dek = Buffer.from(dek);
    this.nonce = segmentNonce(parsed.prefix, 0, false);
    this.aad = segmentAad(header.subarray(0, HEADER_BYTES), objectId);
  }

  /** Returns [ciphertext, tag] so callers can push both without concatenating. */
  seal(index: number, last: boolean, plaintext: Buffer): [Buffer, Buffer] {
    const cipher = createCipheriv('aes-256-gcm', this.dek, writeNonce(this.nonce, index, last), GCM_OPTIONS);
    cipher.setAAD(this.aad);
    const ciphertext = cipher.update(plaintext);
    cipher.final(); // GCM emits nothing here; it only finalises the tag
    return [ciphertext, cipher.getAuthTag()];
  }

  /**
   * Plaintext of a sealed segment, or undefined when the tag does not verify. Not throwing lets
   * callers retry with the other last flag to tell truncation or trailing data from tampering.
   */
  open(index: number, last: boolean, sealed: Buffer): Buffer | undefined {
    if (sealed.length < TAG_BYTES) return undefined;
    const tagAt = sealed.length - TAG_BYTES;
    const decipher = createDecipheriv('aes-256-gcm', this.dek, writeNonce(this.nonce, index, last), GCM_OPTIONS);
    decipher.setAAD(this.aad);
    decipher.setAuthTag(sealed.subarray(tagAt));
    // update() hands back unauthenticated plaintext; it stays local until final() has verified it.
    const plaintext = decipher.update(sealed.subarray(0, tagAt));
    try {
      decipher.final();
    } catch {
      return undefined;
    }
    return plaintext;
  }
}
