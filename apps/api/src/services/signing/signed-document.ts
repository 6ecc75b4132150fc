import { PublishedSigningKeys, SignedDocument as SignedDocumentSchema } from '@kura/contracts';
import { VaultError, canonicalJsonBytes, decodePublicKey, publicKeyPem, verifySignature, type DocumentSignature } from '@kura/vault';
import type { AppContext } from '../../context.ts';
import { badRequest } from '../../lib/errors.ts';

/** What a signed document's payload must have: `type` names its kind (e.g. `kura.packet-manifest/v1`). */
export interface SignedPayload {
  type: string;
  [key: string]: unknown;
}

export interface SignedDocument<P extends SignedPayload = SignedPayload> {
  payload: P;
  signature: DocumentSignature;
}

export type VerifyFailure = 'malformed' | 'wrong_type' | 'unsupported_alg' | 'unknown_key' | 'bad_signature';

export type VerifyOutcome = { ok: true; keyId: string; type: string } | { ok: false; reason: VerifyFailure; message: string };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Kura's payloads keep to ASCII keys and safe integers (times as ISO strings, durations in ms).
// Within those, a plain sort-keys JSON writer such as Python's json module produces exactly the
// RFC 8785 bytes, so an agency can check a signature with everyday tools (README: Signatures).
function assertSignable(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new Error(`signed payloads hold only safe integers; ${path} is ${value}`);
  }
  if (Array.isArray(value)) value.forEach((v, i) => assertSignable(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!PRINTABLE_ASCII.test(k)) throw new Error(`signed payloads use printable ASCII keys; ${JSON.stringify(k)} at ${path} is not`);
      assertSignable(v, `${path}.${k}`);
    }
  }
}

/**
 * Signs `payload` with the key ring's active signing key: Ed25519 over the UTF-8 bytes of its
 * RFC 8785 canonical JSON. Packet manifests, retention receipts and audit checkpoints use this.
 */
export async function signDocument<P extends SignedPayload>(ctx: Pick<AppContext, 'keys'>, payload: P): Promise<SignedDocument<P>> {
  if (typeof payload.type !== 'string' || payload.type === '') throw new Error('a signed payload needs a non-empty "type"');
  assertSignable(payload, '$');
  const bytes = canonicalJsonBytes(payload);
  // Re-read the ring so that a rotation done by another process signs with the new key at once.
  const ring = await ctx.keys.refresh();
  if (!ring.signing) throw new VaultError('no_signing_key', 'the key ring has no signing key');
  return { payload, signature: ring.signing.sign(bytes) };
}

/**
 * Reads a published key list (the JSON of GET /.well-known/kura-signing-keys.json, or its
 * `keys` array) into key id → raw public key, refusing entries whose id or PEM does not match
 * their key.
 */
export function parsePublishedKeys(json: unknown): ReadonlyMap<string, Buffer> {
  const parsed = PublishedSigningKeys.safeParse(Array.isArray(json) ? { keys: json } : json);
  if (!parsed.success) {
    throw badRequest('bad_signing_keys', `not a Kura signing key list: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const keys = new Map<string, Buffer>();
  for (const k of parsed.data.keys) {
    let raw: Buffer;
    try {
      raw = decodePublicKey(k.keyId, k.publicKey);
    } catch (err) {
      throw badRequest('bad_signing_keys', (err as Error).message);
    }
    if (publicKeyPem(raw).trim() !== k.publicKeyPem.trim()) {
      throw badRequest('bad_signing_keys', `the PEM of key "${k.keyId}" is not the same key as its publicKey`);
    }
    keys.set(k.keyId, raw);
  }
  return keys;
}

/**
 * Checks a signed document against published public keys (any key ever used). Needs no server,
 * database or private key. A bad key list throws (400 bad_signing_keys); a bad document answers
 * `{ok: false, reason}`.
 */
export function verifySignedDocument(doc: unknown, publicKeys: unknown, opts: { type?: string } = {}): VerifyOutcome {
  const keys = parsePublishedKeys(publicKeys);
  const parsed = SignedDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      reason: 'malformed',
      message: 'not a signed document {"payload": {"type", …}, "signature": {"keyId", "alg", "value"}}',
    };
  }
  const { payload, signature } = parsed.data;
  if (opts.type !== undefined && payload.type !== opts.type) {
    return { ok: false, reason: 'wrong_type', message: `expected a "${opts.type}" document, got "${payload.type}"` };
  }
  let bytes: Buffer;
  try {
    // The payload as it was read, not zod's copy: the copy loses an own "__proto__" key, and
    // the signature covers every key.
    bytes = canonicalJsonBytes((doc as { payload: unknown }).payload);
  } catch (err) {
    return { ok: false, reason: 'malformed', message: (err as Error).message };
  }
  const check = verifySignature(bytes, signature as DocumentSignature, keys);
  return check.ok ? { ok: true, keyId: check.keyId, type: payload.type } : check;
}
