import { AUDIT_CHECKPOINT_TYPE, AuditCheckpointPayload } from '@kura/contracts';
import type { PublicSigningKey } from '@kura/vault';
import type { AppContext } from '../../context.ts';
import { ObjectTooLargeError, type ObjectStore } from '../../repositories/object-store.ts';
import { verifySignedDocument, type SignedDocument, type VerifyFailure } from '../signing/signed-document.ts';

// Checkpoint objects in the bucket: how they are named, read and checked. A checkpoint is only as
// good as its signature, so everything read back here is checked before anyone relies on it.

export const CHECKPOINT_PREFIX = 'audit-checkpoints/';
const SEQ_DIGITS = 16; // every safe integer fits, so keys sort by seq
const KEY_PATTERN = /^audit-checkpoints\/(\d{16})-(\d{8}T\d{6}\d{3}Z)\.json$/;

export type CheckpointDocument = SignedDocument<AuditCheckpointPayload>;

/** `audit-checkpoints/<seq, 16 digits>-<yyyymmddThhmmssmmmZ>.json`: listing order is seq order. */
export function checkpointKey(seq: number, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${CHECKPOINT_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}-${stamp}.json`;
}

/** The seq a key's name claims; null for a name Kura would not have written. */
export function seqOfKey(key: string): number | null {
  const m = KEY_PATTERN.exec(key);
  return m ? Number(m[1]) : null;
}

export type CheckpointReadFailure = VerifyFailure | 'missing' | 'too_large' | 'not_json' | 'misnamed';

// A checkpoint is a few hundred bytes; anything much bigger is not one, and is not read whole.
const MAX_CHECKPOINT_BYTES = 64 * 1024;

export type CheckedCheckpoint =
  | { key: string; ok: true; payload: AuditCheckpointPayload; keyId: string }
  | { key: string; ok: false; reason: CheckpointReadFailure; message: string; payload: Partial<AuditCheckpointPayload> | null };

/** Every checkpoint key, oldest first; with `startAfter`, only the newer ones. */
export async function listCheckpointKeys(store: ObjectStore, startAfter?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(CHECKPOINT_PREFIX, startAfter)) keys.push(o.key);
  return keys.sort();
}

/** Every signing public key Kura has used (the key ring keeps them all, as the well-known list does). */
export async function checkpointVerifyingKeys(ctx: Pick<AppContext, 'keys'>): Promise<PublicSigningKey[]> {
  const ring = await ctx.keys.refresh();
  return ring.signing?.publicKeys() ?? [];
}

/**
 * Reads one checkpoint object and checks it: JSON, signed by one of `publicKeys` as an audit
 * checkpoint, a well-formed payload, and a name that claims the seq the payload signs (so an old
 * checkpoint copied under a newer name is caught).
 */
export async function readCheckpoint(store: ObjectStore, key: string, publicKeys: PublicSigningKey[]): Promise<CheckedCheckpoint> {
  let bytes: Buffer | null;
  try {
    bytes = await store.getSmall(key, MAX_CHECKPOINT_BYTES);
  } catch (err) {
    if (err instanceof ObjectTooLargeError) return { key, ok: false, reason: 'too_large', message: err.message, payload: null };
    throw err;
  }
  if (!bytes) return { key, ok: false, reason: 'missing', message: 'the object is gone', payload: null };
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { key, ok: false, reason: 'not_json', message: 'the object is not JSON', payload: null };
  }
  const rawPayload = (doc as { payload?: unknown } | null)?.payload;
  const shape = AuditCheckpointPayload.safeParse(rawPayload);
  const payload = shape.success ? shape.data : looseFields(rawPayload);
  const check = verifySignedDocument(doc, publicKeys, { type: AUDIT_CHECKPOINT_TYPE });
  if (!check.ok) return { key, ok: false, reason: check.reason, message: check.message, payload };
  if (!shape.success) {
    return { key, ok: false, reason: 'malformed', message: `not an audit checkpoint: ${shape.error.issues[0]?.message}`, payload };
  }
  if (seqOfKey(key) !== shape.data.seq) {
    return { key, ok: false, reason: 'misnamed', message: `the name does not claim the signed seq ${shape.data.seq}`, payload };
  }
  return { key, ok: true, payload: shape.data, keyId: check.keyId };
}

/** Whatever recognisable fields a rejected payload has, so a report can still show them. */
function looseFields(value: unknown): Partial<AuditCheckpointPayload> | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const out: Partial<AuditCheckpointPayload> = {};
  if (Number.isSafeInteger(v.seq)) out.seq = v.seq as number;
  if (typeof v.hash === 'string') out.hash = v.hash;
  if (typeof v.occurredAt === 'string') out.occurredAt = v.occurredAt;
  if (typeof v.at === 'string') out.at = v.at;
  return out;
}

/** The document that goes to the bucket: pretty enough to read, byte-for-byte what is signed. */
export function serializeCheckpoint(doc: CheckpointDocument): Buffer {
  return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
}
