import { randomBytes } from 'node:crypto';
import { VaultError } from './errors.ts';
import { unwrapDek, wrapDek } from './dek.ts';
import { DEK_BYTES } from './segment.ts';
import { SigningKeys, type SigningKeysJson } from './signing-keys.ts';

const KEK_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface KeyRingJson {
  active: string;
  keys: Record<string, string>;
  /** Absent in key rings written before signatures existed; those gain one when opened. */
  signing?: SigningKeysJson;
}

function bad(message: string): VaultError {
  return new VaultError('bad_key', `invalid key ring: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeKey(id: string, encoded: unknown): Buffer {
  if (typeof encoded !== 'string' || !BASE64.test(encoded)) {
    throw bad(`key "${id}" must be a base64 string`);
  }
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from() skips junk silently; a strict round trip rejects typos instead of using a wrong key.
  if (key.toString('base64') !== encoded) throw bad(`key "${id}" is not canonical base64`);
  if (key.length !== DEK_BYTES) {
    throw bad(`key "${id}" must be ${DEK_BYTES} bytes, got ${key.length}`);
  }
  return key;
}

function newKekId(taken: (id: string) => boolean): string {
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  for (;;) {
    const id = `kek-${date}-${randomBytes(3).toString('hex')}`;
    if (!taken(id)) return id;
  }
}

/**
 * KEK id → 32-byte key. The active key wraps new DEKs; every key in the ring still unwraps, so
 * rotation only needs DEKs re-wrapped, never objects rewritten. The Ed25519 signing keys live
 * here too and rotate the same way. Instances are immutable.
 */
export class KeyRing {
  readonly #active: string;
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly #signing: SigningKeys | null;

  private constructor(active: string, keys: ReadonlyMap<string, Buffer>, signing: SigningKeys | null) {
    this.#active = active;
    this.#keys = keys;
    this.#signing = signing;
  }

  /** Accepts the parsed JSON object, or the JSON text itself. */
  static parse(json: unknown): KeyRing {
    let value = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json);
      } catch {
        throw bad('not valid JSON');
      }
    }
    if (!isPlainObject(value)) throw bad('expected an object {"active": ..., "keys": {...}}');
    const { active, keys, signing } = value;
    if (!isPlainObject(keys)) throw bad('"keys" must be an object of id → base64 key');
    const ring = new Map<string, Buffer>();
    for (const [id, encoded] of Object.entries(keys)) {
      if (!KEK_ID.test(id)) throw bad(`key id "${id}" must match ${KEK_ID.source}`);
      ring.set(id, decodeKey(id, encoded));
    }
    if (ring.size === 0) throw bad('"keys" is empty');
    if (typeof active !== 'string' || active === '') throw bad('"active" must name a key id');
    if (!ring.has(active)) throw bad(`active key "${active}" is not in "keys"`);
    return new KeyRing(active, ring, signing === undefined ? null : SigningKeys.parse(signing));
  }

  static generate(now = new Date()): KeyRing {
    const id = newKekId(() => false);
    return new KeyRing(id, new Map([[id, randomBytes(DEK_BYTES)]]), SigningKeys.generate(now));
  }

  /** The signing keys, or null for a key ring written before signatures existed. */
  get signing(): SigningKeys | null {
    return this.#signing;
  }

  /** Adds a signing key and makes it the active one (the first one, for an old key ring). */
  withNewSigningKey(now: Date): KeyRing {
    const signing = this.#signing ? this.#signing.withNewActiveKey(now) : SigningKeys.generate(now);
    return new KeyRing(this.#active, this.#keys, signing);
  }

  get activeId(): string {
    return this.#active;
  }

  ids(): string[] {
    return [...this.#keys.keys()];
  }

  has(id: string): boolean {
    return this.#keys.has(id);
  }

  wrap(objectId: string, dek: Buffer): { kekId: string; wrapped: Buffer } {
    return { kekId: this.#active, wrapped: wrapDek(this.#keys.get(this.#active)!, objectId, dek) };
  }

  unwrap(kekId: string, objectId: string, wrapped: Buffer): Buffer {
    const kek = this.#keys.get(kekId);
    if (!kek) throw new VaultError('unknown_kek', `KEK "${kekId}" is not in the key ring`);
    return unwrapDek(kek, objectId, wrapped);
  }

  withNewActiveKey(): KeyRing {
    const id = newKekId((candidate) => this.#keys.has(candidate));
    const keys = new Map(this.#keys);
    keys.set(id, randomBytes(DEK_BYTES));
    return new KeyRing(id, keys, this.#signing);
  }

  toJSON(): KeyRingJson {
    const keys: Record<string, string> = {};
    for (const [id, key] of this.#keys) keys[id] = key.toString('base64');
    return { active: this.#active, keys, ...(this.#signing ? { signing: this.#signing.toJSON() } : {}) };
  }

  /** Keeps key material out of console.log and error dumps; toJSON() is the deliberate export. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `KeyRing { active: '${this.#active}', ids: [${this.ids()
      .map((id) => `'${id}'`)
      .join(', ')}], signing: ${this.#signing ? `'${this.#signing.activeId}'` : 'none'} }`;
  }
}
