import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import { resolveByteRange } from '../../lib/byte-range.ts';
import { AppError } from '../../lib/errors.ts';
import { countMediaBytes } from '../../lib/metrics.ts';
import { openPlaintextRange, type EarlyGet, type StoredObject } from './encrypted-objects.ts';

/** One answer to a (possibly ranged) GET or HEAD of an object's plaintext. */
export interface RangedRead {
  status: 200 | 206;
  contentType: string;
  size: number;
  range: { start: number; end: number } | null;
  /** Null for a HEAD request: no content byte is served, so none is read or audited. */
  body: Readable | null;
}

/**
 * The bytes a single `Range` header asks for (all of them without one), decrypted from one S3
 * ranged GET of just the segments that hold them, each authenticated before a byte of it is
 * passed on. `audit` gets the bytes about to be served and records the read or throws; nothing
 * is decrypted or served until it has returned, and nothing at all if it throws. Anything but one satisfiable `bytes=` range is
 * 416, so that a typo never streams a whole object.
 */
export async function readPlaintextRange(
  ctx: AppContext,
  obj: StoredObject,
  contentType: string,
  rangeHeader: string | undefined,
  opts: {
    what: string;
    audit: (served: { start: number; end: number }) => Promise<unknown>;
    signal?: AbortSignal;
    headOnly?: boolean;
    /** A ciphertext GET sent before the checks (media route); used if it is for these bytes. */
    early?: EarlyGet | null;
  },
): Promise<RangedRead> {
  const size = obj.plaintextBytes;
  const range = resolveByteRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable' || range.kind === 'malformed') {
    throw new AppError(416, 'range_not_satisfiable', `the ${opts.what} has ${size} bytes`, undefined, {
      'Content-Range': `bytes */${size}`,
    });
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  const status = range.kind === 'partial' ? 206 : 200;
  const served = range.kind === 'partial' ? { start, end } : null;
  if (opts.headOnly) return { status, contentType, size, range: served, body: null };
  // Audit before bytes: no record, no content. The ciphertext GET goes out while the event
  // commits (the two round trips overlap instead of adding up), but no segment is decrypted,
  // let alone served, before the event is durable; if it cannot be written the GET is dropped.
  const audited = opts.audit({ start, end });
  const opened = openPlaintextRange(ctx, obj, start, end, opts.signal, audited, opts.early);
  const [audit, body] = await Promise.allSettled([audited, opened]);
  if (audit.status === 'rejected') {
    if (body.status === 'fulfilled') body.value.destroy();
    throw audit.reason;
  }
  if (body.status === 'rejected') throw body.reason;
  return { status, contentType, size, range: served, body: countedBytes(body.value, opts.what) };
}

/**
 * Counts the plaintext as the reader takes it (a client that hangs up early is not counted for the
 * rest): a 'data' listener rather than a counting stream stage, one fewer stage on every read.
 * 'data' is emitted whether the body is piped or read, but a listener added to a stream that is not
 * paused would start it flowing before anything reads it: it is paused first, and piping it (or
 * reading it) starts it.
 */
function countedBytes(body: Readable, kind: string): Readable {
  body.pause();
  body.on('data', (chunk: Buffer) => countMediaBytes(kind, chunk.length));
  return body;
}
