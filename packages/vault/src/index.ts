export { VaultError, type VaultErrorCode } from './errors.ts';
export { DEFAULT_SEGMENT_LOG2, HEADER_BYTES, TAG_BYTES, createHeader, parseHeader } from './header.ts';
export { encryptedSize, plaintextSize } from './sizes.ts';
export { createEncryptStream, type EncryptStreamOptions } from './encrypt-stream.ts';
export { createDecryptStream, type DecryptStreamOptions } from './decrypt-stream.ts';
export { planRange, type RangePlan, type RangeRequest } from './range.ts';
export { createRangeDecryptStream, type RangeDecryptStreamOptions } from './range-decrypt-stream.ts';
export type { ChunkScheduler } from './schedule.ts';
export { generateDek, unwrapDek, wrapDek } from './dek.ts';
export { KeyRing, type KeyRingJson } from './key-ring.ts';
export { canonicalJson, canonicalJsonBytes } from './canonical-json.ts';
export {
  SIGNING_ALG,
  SigningKeys,
  decodePublicKey,
  publicKeyPem,
  signingKeyId,
  verifySignature,
  type DocumentSignature,
  type PublicSigningKey,
  type SignatureCheck,
  type SigningKeyJson,
  type SigningKeysJson,
} from './signing-keys.ts';
