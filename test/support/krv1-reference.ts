import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';

// An independent reader for KRV1 (shared/DESIGN.md), written from the spec with raw node:crypto
// only. It deliberately shares no code with @kura/vault, so a bug there cannot hide itself.

const MAGIC = Buffer.from('KRV1', 'ascii');
const HEADER = 16;
const TAG = 16;

export interface RefRing {
  active: string;
  keys: Map<string, Buffer>;
}

/** The key ring file as JSON: { active, keys: { id: base64 } }. */
export async function readRingFile(file: string): Promise<RefRing> {
  const json = JSON.parse(await readFile(file, 'utf8')) as { active: string; keys: Record<string, string> };
  const keys = new Map<string, Buffer>();
  for (const [id, b64] of Object.entries(json.keys)) {
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`ref: KEK ${id} is ${key.length} bytes`);
    keys.set(id, key);
  }
  if (!keys.has(json.active)) throw new Error('ref: active KEK missing from the ring');
  return { active: json.active, keys };
}

function gcmOpen(key: Buffer, nonce: Buffer, aad: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < TAG) throw new Error('ref: sealed data shorter than a tag');
  const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  const out = d.update(sealed.subarray(0, sealed.length - TAG));
  d.final(); // throws on a tag mismatch
  return out;
}

/** wrapped = nonce (12) || AES-256-GCM(KEK, nonce, "kura-dek-v1:" || objectId, DEK) || tag (16) */
export function refUnwrapDek(kek: Buffer, objectId: string, wrapped: Buffer): Buffer {
  if (wrapped.length !== 12 + 32 + TAG) throw new Error(`ref: wrapped DEK is ${wrapped.length} bytes`);
  const dek = gcmOpen(kek, wrapped.subarray(0, 12), Buffer.from(`kura-dek-v1:${objectId}`, 'utf8'), wrapped.subarray(12));
  if (dek.length !== 32) throw new Error('ref: DEK is not 32 bytes');
  return dek;
}

export interface RefHeader {
  k: number;
  prefix: Buffer;
}

export function refParseHeader(object: Buffer): RefHeader {
  if (object.length < HEADER) throw new Error('ref: shorter than a header');
  if (!object.subarray(0, 4).equals(MAGIC)) throw new Error('ref: bad magic');
  if (object[4] !== 0x01) throw new Error('ref: bad version');
  const k = object[5]!;
  if (k < 12 || k > 24) throw new Error(`ref: k=${k} out of range`);
  if (object[6] !== 0 || object[7] !== 0 || object[15] !== 0) throw new Error('ref: reserved bytes not zero');
  return { k, prefix: Buffer.from(object.subarray(8, 15)) };
}

function nonce(prefix: Buffer, i: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(i, 7);
  n[11] = last ? 0x01 : 0x00;
  return n;
}

/**
 * Decrypts a whole KRV1 object. Segment boundaries come from S alone; the final segment must
 * open with last = 1 and every other with last = 0, so truncation or trailing data fails.
 */
export function refDecrypt(object: Buffer, objectId: string, dek: Buffer): Buffer {
  const { k, prefix } = refParseHeader(object);
  const S = 2 ** k;
  const aad = Buffer.concat([object.subarray(0, HEADER), Buffer.from(objectId, 'utf8')]);
  const body = object.subarray(HEADER);
  const n = Math.max(1, Math.ceil(body.length / (S + TAG)));
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const sealed = body.subarray(i * (S + TAG), Math.min(body.length, (i + 1) * (S + TAG)));
    const last = i === n - 1;
    if (!last && sealed.length !== S + TAG) throw new Error(`ref: segment ${i} is short`);
    if (last && sealed.length === TAG && n > 1) throw new Error('ref: empty final segment after data');
    parts.push(gcmOpen(dek, nonce(prefix, i, last), aad, sealed));
  }
  const plaintext = Buffer.concat(parts);
  const expectedSize = HEADER + n * TAG + plaintext.length;
  if (expectedSize !== object.length) throw new Error('ref: size does not match 16 + n*16 + L');
  return plaintext;
}

/** What a database row holds about one KRV1 object. */
export interface WrappedRow {
  id: string;
  kek_id: string;
  /** Null once retention destroyed it. */
  wrapped_dek: Buffer | null;
}

/** Decrypts an object from its row and the key ring alone. */
export function refDecryptWithRow(object: Buffer, row: WrappedRow, ring: RefRing): Buffer {
  if (!row.wrapped_dek) throw new Error(`ref: the key of ${row.id} was destroyed`);
  const kek = ring.keys.get(row.kek_id);
  if (!kek) throw new Error(`ref: KEK ${row.kek_id} not in the ring`);
  return refDecrypt(object, row.id, refUnwrapDek(kek, row.id, row.wrapped_dek));
}
