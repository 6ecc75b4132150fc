import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DEFAULT_SEGMENT_LOG2,
  HEADER_BYTES,
  TAG_BYTES,
  createEncryptStream,
  createHeader,
  createRangeDecryptStream,
  createDecryptStream,
  encryptedSize,
  generateDek,
  planRange,
} from '@kura/vault';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { pacedChunks } from '../../lib/paced-stream.ts';
import { forgetOrphan, recordOrphan } from '../../repositories/db/orphans-repo.ts';
import { MeasureStream } from './measure-stream.ts';

/** A ciphertext GET sent before the read (services/recordings/early-read.ts), if it fits the plan. */
export interface EarlyGet {
  claim(objectKey: string, cipherStart: number, cipherEnd: number, signal?: AbortSignal): Promise<Readable> | null;
}

/** What the database keeps about one KRV1 object (recordings and assets alike). */
export interface StoredObject {
  id: string;
  objectKey: string;
  wrappedDek: Buffer;
  kekId: string;
  header: Buffer;
  segmentLog2: number;
  plaintextBytes: number;
}

/** The columns every table of KRV1 objects has (recordings, recording_assets). */
export interface StoredObjectRow {
  id: string;
  object_key: string;
  /** Null once the retention job destroyed it: the object can never be read again. */
  wrapped_dek: Buffer | null;
  kek_id: string;
  krv1_header: Buffer;
  segment_log2: number;
  plaintext_bytes: number | null;
}

export function storedObjectOf(row: StoredObjectRow): StoredObject {
  if (row.wrapped_dek === null) throw expiredError();
  if (row.plaintext_bytes === null) throw new Error(`object ${row.id} has no recorded size yet`);
  return {
    id: row.id,
    objectKey: row.object_key,
    wrappedDek: row.wrapped_dek,
    kekId: row.kek_id,
    header: row.krv1_header,
    segmentLog2: row.segment_log2,
    plaintextBytes: row.plaintext_bytes,
  };
}

/** What every reader of an object whose key was destroyed answers: gone for good, not missing. */
export const expiredError = () => new AppError(410, 'expired', 'this content has expired under the retention policy and was destroyed');

export interface NewObjectKeys {
  dek: Buffer;
  header: Buffer;
  wrappedDek: Buffer;
  kekId: string;
  segmentLog2: number;
}

/** A fresh DEK for one object, wrapped by the active KEK; the clear DEK never leaves memory. */
export function newObjectKeys(ctx: AppContext, objectId: string, segmentLog2 = DEFAULT_SEGMENT_LOG2): NewObjectKeys {
  const dek = generateDek();
  const { kekId, wrapped } = ctx.keys.current().wrap(objectId, dek);
  return { dek, header: createHeader(segmentLog2), wrappedDek: wrapped, kekId, segmentLog2 };
}

/**
 * Streams plaintext through KRV1 into S3, counting and hashing the plaintext on the way. Pass a
 * MeasureStream to enforce a size limit.
 */
export async function putEncrypted(
  ctx: AppContext,
  objectKey: string,
  objectId: string,
  keys: NewObjectKeys,
  plaintext: Readable,
  opts: { signal?: AbortSignal; measure?: MeasureStream } = {},
): Promise<{ storedBytes: number; plaintextBytes: number; sha256: string }> {
  const measure = opts.measure ?? new MeasureStream(Number.MAX_SAFE_INTEGER);
  const encrypted = createEncryptStream({ objectId, dek: keys.dek, header: keys.header });
  // A measured upload has a limit, which sizes its parts; an unmeasured one is small (clips).
  const upload = ctx.store.put(objectKey, encrypted, opts.signal, opts.measure?.limit);
  // Both must settle: a failed pipeline has to abort the upload, and vice versa.
  const [piped, uploaded] = await Promise.allSettled([
    pipeline(plaintext, measure, encrypted, ...(opts.signal ? [{ signal: opts.signal }] : [])),
    upload,
  ]);
  if (piped.status === 'rejected') {
    encrypted.destroy();
    throw piped.reason;
  }
  if (uploaded.status === 'rejected') throw uploaded.reason;
  return { storedBytes: encryptedSize(measure.bytes, keys.segmentLog2), plaintextBytes: measure.bytes, sha256: measure.digestHex() };
}

/**
 * Plaintext bytes [start, end] of an object: one ranged GET of just the segments that hold them,
 * each authenticated before a byte of it is passed on. With `gate`, the GET is sent at once but
 * nothing is decrypted until the gate resolves; if it rejects, the ciphertext is dropped unread.
 * With `early`, a GET already sent for exactly these bytes is used instead of a new one.
 */
export async function openPlaintextRange(
  ctx: AppContext,
  obj: StoredObject,
  start: number,
  end: number,
  signal?: AbortSignal,
  gate?: Promise<unknown>,
  early?: EarlyGet | null,
): Promise<Readable> {
  const plan = planRange({ plaintextBytes: obj.plaintextBytes, segmentLog2: obj.segmentLog2, start, end });
  const claimed = early?.claim(obj.objectKey, plan.cipherStart, plan.cipherEnd, signal);
  let dek: Buffer;
  try {
    dek = await ctx.keys.unwrap(obj.kekId, obj.id, obj.wrappedDek);
  } catch (err) {
    void claimed?.then(
      (s) => s.destroy(),
      () => undefined,
    );
    throw err;
  }
  // An early GET that failed is sent again, the usual way (it may have raced a retry or a restart).
  const cipher =
    (claimed && (await claimed.catch(() => null))) ?? (await ctx.store.getRange(obj.objectKey, plan.cipherStart, plan.cipherEnd, signal));
  if (gate) {
    // A stream left waiting must not crash the process if its socket fails meanwhile.
    const ignore = (): void => undefined;
    cipher.on('error', ignore);
    try {
      await gate;
    } catch (err) {
      cipher.destroy();
      throw err;
    } finally {
      cipher.off('error', ignore);
    }
  }
  // The first sealed segment goes through at once (a seek waits for it); the rest is paced.
  const decrypt = createRangeDecryptStream({
    objectId: obj.id,
    dek,
    header: obj.header,
    plaintextBytes: obj.plaintextBytes,
    plan,
    schedule: pacedChunks(Math.min(plan.cipherEnd - plan.cipherStart + 1, 2 ** obj.segmentLog2 + TAG_BYTES)),
  });
  return decrypting(cipher, decrypt);
}

/** The whole plaintext, verified end to end (header included). */
export async function openPlaintext(ctx: AppContext, obj: StoredObject, signal?: AbortSignal): Promise<Readable> {
  const dek = await ctx.keys.unwrap(obj.kekId, obj.id, obj.wrappedDek);
  const cipher = await ctx.store.get(obj.objectKey, signal);
  const schedule = pacedChunks(HEADER_BYTES + 2 ** obj.segmentLog2 + TAG_BYTES);
  return decrypting(cipher, createDecryptStream({ objectId: obj.id, dek, expectedHeader: obj.header, schedule }));
}

/**
 * cipher → decrypt, paced (lib/paced-stream.ts): decryption and whatever the output drives yield
 * to the event loop's other work. A failed GET fails the output; an output destroyed before the
 * end (the client hung up) stops the GET.
 */
function decrypting(cipher: Readable, decrypt: Transform): Readable {
  cipher.on('error', (err) => decrypt.destroy(err));
  decrypt.on('close', () => {
    if (!cipher.readableEnded) cipher.destroy();
  });
  return cipher.pipe(decrypt);
}

/**
 * Removes an object nothing will refer to. It is recorded in orphan_objects first, so if the
 * delete fails (or we crash) the sweeper still finds it: nothing in the bucket goes untracked.
 */
export async function discardObject(ctx: AppContext, objectKey: string, reason: string): Promise<void> {
  await recordOrphan(ctx.db, objectKey, reason);
  await deleteRecordedOrphan(ctx, objectKey);
}

/** Deletes an object already listed in orphan_objects; on failure the sweeper retries later. */
export async function deleteRecordedOrphan(ctx: AppContext, objectKey: string): Promise<void> {
  try {
    await ctx.store.delete(objectKey);
    await forgetOrphan(ctx.db, objectKey);
  } catch (err) {
    ctx.logger.warn({ err, objectKey }, 'could not delete a discarded object; left for the sweeper');
  }
}
