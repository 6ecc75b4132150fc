import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { VaultError } from './errors.ts';

export const SIGNING_ALG = 'Ed25519';
const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
// RFC 8410 DER framings: a PKCS#8 private key around a 32-byte seed, an SPKI public key around
// the 32 raw bytes. With these the file stores bare bytes and node:crypto still gets KeyObjects.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_ID = /^ed25519-[0-9a-f]{16}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A detached Ed25519 signature; `value` is the 64-byte signature in base64. */
export interface DocumentSignature {
  keyId: string;
  alg: typeof SIGNING_ALG;
  value: string;
}

/** One entry of the published key list: public parts only. */
export interface PublicSigningKey {
  keyId: string;
  alg: typeof SIGNING_ALG;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  /** The same key as an SPKI PEM, for openssl. */
  publicKeyPem: string;
  active: boolean;
  createdAt?: string;
}

export interface SigningKeyJson {
  /** The 32-byte Ed25519 seed, base64. Absent once an operator has retired the private part. */
  privateKey?: string;
  publicKey: string;
  createdAt?: string;
}

export interface SigningKeysJson {
  active: string;
  keys: Record<string, SigningKeyJson>;
}

export type SignatureCheck =
  { ok: true; keyId: string } | { ok: false; reason: 'unsupported_alg' | 'unknown_key' | 'bad_signature'; message: string };

interface Entry {
  publicKey: Buffer;
  seed: Buffer | null;
  createdAt: string | null;
}

function bad(message: string): VaultError {
  return new VaultError('bad_key', `invalid key ring: "signing": ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Base64 that decodes to exactly `bytes` and re-encodes to the same text (Buffer.from skips junk silently). */
function strictBase64(encoded: unknown, bytes: number): Buffer | null {
  if (typeof encoded !== 'string' || !BASE64.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === encoded ? decoded : null;
}

function privateKeyOf(seed: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

function publicKeyOfSeed(seed: Buffer): Buffer {
  const spki = createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(SPKI_ED25519.length));
}

/** `ed25519-` + the first 16 hex digits of SHA-256 over the raw public key: anyone can recompute it. */
export function signingKeyId(publicKey: Uint8Array): string {
  return `ed25519-${createHash('sha256').update(publicKey).digest('hex').slice(0, 16)}`;
}

/** The raw 32-byte public key as an SPKI PEM (what `openssl pkeyutl -pubin` reads). */
export function publicKeyPem(publicKey: Uint8Array): string {
  if (publicKey.length !== KEY_BYTES) throw new VaultError('bad_key', `an Ed25519 public key is ${KEY_BYTES} bytes`);
  return publicKeyObject(publicKey).export({ format: 'pem', type: 'spki' }).toString();
}

/**
 * Decodes a published public key and checks that its id is the one derived from it, so a key
 * list cannot vouch for a signature under another key's name.
 */
export function decodePublicKey(keyId: string, publicKey: string): Buffer {
  const raw = strictBase64(publicKey, KEY_BYTES);
  if (!raw) throw new VaultError('bad_key', `public key "${keyId}" is not ${KEY_BYTES} bytes of canonical base64`);
  if (signingKeyId(raw) !== keyId) throw new VaultError('bad_key', `public key "${keyId}" does not match its key id`);
  return raw;
}

/** Checks an Ed25519 signature over `message` with whichever of `publicKeys` (id → raw key) it names. */
export function verifySignature(
  message: Uint8Array,
  signature: DocumentSignature,
  publicKeys: ReadonlyMap<string, Uint8Array>,
): SignatureCheck {
  if (signature.alg !== SIGNING_ALG) {
    return { ok: false, reason: 'unsupported_alg', message: `signature algorithm must be ${SIGNING_ALG}` };
  }
  const key = publicKeys.get(signature.keyId);
  if (!key) return { ok: false, reason: 'unknown_key', message: `no published key has id "${signature.keyId}"` };
  const sig = strictBase64(signature.value, SIGNATURE_BYTES);
  if (!sig) return { ok: false, reason: 'bad_signature', message: `signature value is not ${SIGNATURE_BYTES} bytes of canonical base64` };
  let valid = false;
  try {
    valid = verify(null, message, publicKeyObject(key), sig);
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, keyId: signature.keyId }
    : { ok: false, reason: 'bad_signature', message: `signature does not verify with key "${signature.keyId}"` };
}

function freshEntry(now: Date): Entry {
  const seed = randomBytes(KEY_BYTES);
  return { seed, publicKey: publicKeyOfSeed(seed), createdAt: now.toISOString() };
}

function parseEntry(id: string, value: unknown): Entry {
  if (!KEY_ID.test(id)) throw bad(`key id "${id}" must match ${KEY_ID.source}`);
  if (!isPlainObject(value)) throw bad(`key "${id}" must be an object {"publicKey", "privateKey"?, "createdAt"?}`);
  const publicKey = strictBase64(value.publicKey, KEY_BYTES);
  if (!publicKey) throw bad(`key "${id}": "publicKey" must be ${KEY_BYTES} bytes of canonical base64`);
  if (signingKeyId(publicKey) !== id) throw bad(`key "${id}": the id is not derived from its public key`);
  let seed: Buffer | null = null;
  if (value.privateKey !== undefined) {
    seed = strictBase64(value.privateKey, KEY_BYTES);
    if (!seed) throw bad(`key "${id}": "privateKey" must be a ${KEY_BYTES}-byte seed in canonical base64`);
    if (!publicKeyOfSeed(seed).equals(publicKey)) throw bad(`key "${id}": the private key does not belong to the public key`);
  }
  let createdAt: string | null = null;
  if (value.createdAt !== undefined) {
    if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) {
      throw bad(`key "${id}": "createdAt" must be an ISO date`);
    }
    createdAt = value.createdAt;
  }
  return { publicKey, seed, createdAt };
}

/**
 * Ed25519 signing keys, id → key pair. The active key signs; every key ever used stays here (its
 * public part at least) so that old signatures keep verifying. Instances are immutable.
 */
export class SigningKeys {
  readonly #active: string;
  readonly #keys: ReadonlyMap<string, Entry>;

  private constructor(active: string, keys: ReadonlyMap<string, Entry>) {
    this.#active = active;
    this.#keys = keys;
  }

  static parse(value: unknown): SigningKeys {
    if (!isPlainObject(value)) throw bad('expected an object {"active": ..., "keys": {...}}');
    const { active, keys } = value;
    if (!isPlainObject(keys)) throw bad('"keys" must be an object of key id → key');
    const ring = new Map<string, Entry>();
    for (const [id, entry] of Object.entries(keys)) ring.set(id, parseEntry(id, entry));
    if (ring.size === 0) throw bad('"keys" is empty');
    if (typeof active !== 'string' || !ring.has(active)) throw bad('"active" must name a key in "keys"');
    if (!ring.get(active)!.seed) throw bad(`the active key "${active}" has no private key`);
    return new SigningKeys(active, ring);
  }

  static generate(now: Date): SigningKeys {
    const entry = freshEntry(now);
    const id = signingKeyId(entry.publicKey);
    return new SigningKeys(id, new Map([[id, entry]]));
  }

  get activeId(): string {
    return this.#active;
  }

  ids(): string[] {
    return [...this.#keys.keys()];
  }

  /** A new active key; the old ones stay for verifying (and in the file, for history). */
  withNewActiveKey(now: Date): SigningKeys {
    for (;;) {
      const entry = freshEntry(now);
      const id = signingKeyId(entry.publicKey);
      if (this.#keys.has(id)) continue;
      const keys = new Map(this.#keys);
      keys.set(id, entry);
      return new SigningKeys(id, keys);
    }
  }

  /** Signs `message` (the canonical bytes of a document) with the active key. */
  sign(message: Uint8Array): DocumentSignature {
    const seed = this.#keys.get(this.#active)!.seed!;
    return { keyId: this.#active, alg: SIGNING_ALG, value: sign(null, message, privateKeyOf(seed)).toString('base64') };
  }

  verify(message: Uint8Array, signature: DocumentSignature): SignatureCheck {
    const publicKeys = new Map([...this.#keys].map(([id, e]) => [id, e.publicKey]));
    return verifySignature(message, signature, publicKeys);
  }

  /** Every key ever used, oldest first, public parts only. */
  publicKeys(): PublicSigningKey[] {
    return [...this.#keys].map(([keyId, e]) => ({
      keyId,
      alg: SIGNING_ALG,
      publicKey: e.publicKey.toString('base64'),
      publicKeyPem: publicKeyPem(e.publicKey),
      active: keyId === this.#active,
      ...(e.createdAt ? { createdAt: e.createdAt } : {}),
    }));
  }

  toJSON(): SigningKeysJson {
    const keys: Record<string, SigningKeyJson> = {};
    for (const [id, e] of this.#keys) {
      keys[id] = {
        ...(e.seed ? { privateKey: e.seed.toString('base64') } : {}),
        publicKey: e.publicKey.toString('base64'),
        ...(e.createdAt ? { createdAt: e.createdAt } : {}),
      };
    }
    return { active: this.#active, keys };
  }

  /** Keeps private keys out of console.log and error dumps; toJSON() is the deliberate export. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SigningKeys { active: '${this.#active}', ids: [${this.ids()
      .map((id) => `'${id}'`)
      .join(', ')}] }`;
  }
}
