import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { resolveByteRange } from '../../lib/byte-range.ts';
import { openPlaintextRange, type StoredObject } from './encrypted-objects.ts';

// One way to serve a KRV1 object over HTTP, for every reader of content (staff playback, the
// agency's clips): resolve the Range, write the read's audit event, and only then open exactly
// the segments needed, each authenticated before a byte of it is passed on.

export interface MediaResponse {
  status: 200 | 206;
  contentType: string;
  size: number;
  range: { start: number; end: number } | null;
  /** Null for a HEAD request: no content byte is served, so none is read or audited. */
  body: Readable | null;
}

export interface RangedReadOptions {
  object: StoredObject;
  contentType: string;
  /** The request's Range header; undefined serves the whole object. */
  rangeHeader: string | undefined;
  /** Names the thing in a 416 ("the recording has N bytes"). */
  what: string;
  headOnly: boolean;
  signal?: AbortSignal;
  /**
   * Writes the read's audit event with the exact bytes about to be served (DESIGN.md rule 2:
   * audit before bytes). If it throws, nothing is opened or served.
   */
  audit: (served: { start: number; end: number; partial: boolean }) => Promise<unknown>;
}

/** Single ranges only; anything else is 416, so a typo never streams gigabytes. */
export async function serveObjectRange(ctx: AppContext, o: RangedReadOptions): Promise<MediaResponse> {
  const size = o.object.plaintextBytes;
  const range = resolveByteRange(o.rangeHeader, size);
  if (range.kind === 'unsatisfiable' || range.kind === 'malformed') {
    throw new AppError(416, 'range_not_satisfiable', `the ${o.what} has ${size} bytes`, undefined, { 'Content-Range': `bytes */${size}` });
  }
  const partial = range.kind === 'partial';
  const start = partial ? range.start : 0;
  const end = partial ? range.end : size - 1;
  const status = partial ? 206 : 200;
  const served = partial ? { start, end } : null;
  if (o.headOnly) return { status, contentType: o.contentType, size, range: served, body: null };
  await o.audit({ start, end, partial });
  const body = await openPlaintextRange(ctx, o.object, start, end, o.signal);
  return { status, contentType: o.contentType, size, range: served, body };
}
