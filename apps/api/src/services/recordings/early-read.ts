import type { Readable } from 'node:stream';
import { planRange } from '@kura/vault';
import type { AppContext } from '../../context.ts';
import { resolveByteRange } from '../../lib/byte-range.ts';
import { countEarlyRead } from '../../lib/metrics.ts';

/**
 * A player asks for range after range of one recording. Once this process has served a session a
 * recording, its next range request sends the S3 GET for the ciphertext at once, beside the
 * session, grant and audit checks, instead of after them: the round trips overlap.
 *
 * What this does not change: every check still runs on every request, and nothing of the early
 * GET is decrypted, let alone served, unless the request passes them and its audit event is
 * durable (the read claims it only then). A request that is refused drops its GET unread. Only a
 * session and recording pair served in the last EARLY_READ_TTL_MS can start one, so a caller
 * without a session this process just saw live cannot make Kura fetch anything.
 */
export interface EarlyRead {
  /**
   * The GET, if it is for exactly these ciphertext bytes of this object (a recording replaced or a
   * range planned differently gets a fresh GET); null otherwise, and then the early one is dropped.
   * A claimed GET that failed is not retried here: the caller sends its own.
   */
  claim(objectKey: string, cipherStart: number, cipherEnd: number, signal?: AbortSignal): Promise<Readable> | null;
  /** Drops the GET unless it was claimed; idempotent. */
  release(): void;
}

/** Where a recording's ciphertext is: what an early GET needs, known from the last read. */
export interface Placement {
  objectKey: string;
  segmentLog2: number;
  plaintextBytes: number;
}

const EARLY_READ_TTL_MS = 30_000;
const MAX_PAIRS = 10_000;

interface Served {
  placement: Placement;
  until: number;
}

// Per app context (one per process, several in tests), like the audit queue.
const servedPairs = new WeakMap<AppContext, Map<string, Served>>();

function pairsOf(ctx: AppContext): Map<string, Served> {
  let pairs = servedPairs.get(ctx);
  if (!pairs) servedPairs.set(ctx, (pairs = new Map()));
  return pairs;
}

const pairKey = (tokenHash: string, recordingId: string) => `${tokenHash}:${recordingId}`;

/** After a range was served to this session: its next one may start early. */
export function rememberServed(ctx: AppContext, tokenHash: string, recordingId: string, placement: Placement): void {
  const pairs = pairsOf(ctx);
  const key = pairKey(tokenHash, recordingId);
  // Re-inserted so the Map's order is oldest use first, and the oldest goes when it is full.
  pairs.delete(key);
  pairs.set(key, { placement, until: Date.now() + EARLY_READ_TTL_MS });
  if (pairs.size > MAX_PAIRS) pairs.delete(pairs.keys().next().value!);
}

/** After a refusal (no session, no grant, gone): the pair starts nothing until served again. */
export function forgetServed(ctx: AppContext, tokenHash: string, recordingId: string): void {
  servedPairs.get(ctx)?.delete(pairKey(tokenHash, recordingId));
}

/**
 * Sends the ciphertext GET for one `bytes=a-b` range now, if this session was served this
 * recording moments ago; null otherwise (then the read sends its GET after the checks, as always).
 */
export function startEarlyRead(ctx: AppContext, tokenHash: string, recordingId: string, rangeHeader: string | undefined): EarlyRead | null {
  const pairs = servedPairs.get(ctx);
  const key = pairKey(tokenHash, recordingId);
  const served = pairs?.get(key);
  if (!served) return null;
  if (served.until < Date.now()) {
    pairs!.delete(key);
    return null;
  }
  const { objectKey, segmentLog2, plaintextBytes } = served.placement;
  // Players send single ranges; a whole-object read or an odd header goes the usual way.
  const range = resolveByteRange(rangeHeader, plaintextBytes);
  if (range.kind !== 'partial') return null;
  const plan = planRange({ plaintextBytes, segmentLog2, start: range.start, end: range.end });
  const abort = new AbortController();
  const get = ctx.store.getRange(objectKey, plan.cipherStart, plan.cipherEnd, abort.signal);
  // Until it is claimed nobody awaits it: a failure must not surface as an unhandled rejection,
  // and a socket error on a stream left waiting must not crash the process.
  get.then(
    (s) => s.on('error', () => undefined),
    () => undefined,
  );
  let state: 'waiting' | 'claimed' | 'dropped' = 'waiting';
  const drop = (): void => {
    state = 'dropped';
    countEarlyRead('dropped');
    abort.abort();
    get.then(
      (s) => s.destroy(),
      () => undefined,
    );
  };
  return {
    claim(key, start, end, signal) {
      if (state !== 'waiting') return null;
      if (key !== objectKey || start !== plan.cipherStart || end !== plan.cipherEnd) {
        drop();
        return null;
      }
      state = 'claimed';
      // From now on the request's own signal governs it, as it would a GET sent by the read.
      if (signal?.aborted) abort.abort();
      else signal?.addEventListener('abort', () => abort.abort(), { once: true });
      countEarlyRead('claimed');
      return get;
    },
    release() {
      if (state === 'waiting') drop();
    },
  };
}
