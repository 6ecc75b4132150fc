import { z } from 'zod';

// Signed documents and the published signing keys (GET /.well-known/kura-signing-keys.json).
// Anyone may hold these: an agency checks a downloaded document against them offline.

export const SigningAlg = z.literal('Ed25519');

export const PublishedSigningKey = z.object({
  /** `ed25519-` + the first 16 hex digits of SHA-256 over the raw public key. */
  keyId: z.string().regex(/^ed25519-[0-9a-f]{16}$/),
  alg: SigningAlg,
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: z.string(),
  /** The same key as an SPKI PEM, for `openssl pkeyutl -verify -pubin`. */
  publicKeyPem: z.string(),
  active: z.boolean(),
  createdAt: z.string().optional(),
});
export type PublishedSigningKey = z.infer<typeof PublishedSigningKey>;

export const PublishedSigningKeys = z.object({ keys: z.array(PublishedSigningKey) });
export type PublishedSigningKeys = z.infer<typeof PublishedSigningKeys>;

export const DocumentSignature = z.object({ keyId: z.string(), alg: z.string(), value: z.string() });

/**
 * `signature` is Ed25519 over the UTF-8 bytes of the RFC 8785 canonical JSON of `payload`;
 * `payload.type` names what kind of document it is, so one kind cannot pass for another.
 */
export const SignedDocument = z.object({
  payload: z.looseObject({ type: z.string().min(1) }),
  signature: DocumentSignature,
});
