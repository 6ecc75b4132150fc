import type { DbOrTx } from '@kura/db';
import { AppError } from '../../lib/errors.ts';
import { hitWindow, pruneWindows, windowBefore } from '../../repositories/db/rate-limit-repo.ts';

// Limits for callers without an account (agencies on a share link), counted in fixed windows in
// PostgreSQL: any number of API processes share one count. A key is `<limit name>:<who>`.

export interface RateLimit {
  /** Names the limit; the first part of every key it counts. */
  name: string;
  max: number;
  windowMs: number;
  /** How long finished windows are kept (the refusal folding reads the one before). */
  keepMs: number;
}

export interface RateLimitHit {
  allowed: boolean;
  /** Hits in this window so far, this one included. */
  hits: number;
  windowStart: Date;
  /** Seconds until the window ends. */
  retryAfter: number;
}

export const windowStartOf = (limit: RateLimit, now: Date) => new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);

/** Counts a hit for `who` and says whether it is within the limit. Hits past it count too. */
export async function hit(db: DbOrTx, limit: RateLimit, who: string, now: Date): Promise<RateLimitHit> {
  const windowStart = windowStartOf(limit, now);
  const hits = await hitWindow(db, `${limit.name}:${who}`, windowStart);
  // A new window is a good moment to drop the old ones of this limit: no sweeper job needed, and
  // a busy limit is pruned about once per window per caller.
  if (hits === 1) await pruneWindows(db, `${limit.name}:`, new Date(now.getTime() - limit.keepMs));
  const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + limit.windowMs - now.getTime()) / 1000));
  return { allowed: hits <= limit.max, hits, windowStart, retryAfter };
}

/** Hits in the window before this one of `who`, if still kept (0 if none). */
export async function previousWindowHits(db: DbOrTx, limit: RateLimit, who: string, now: Date): Promise<number> {
  const prev = await windowBefore(db, `${limit.name}:${who}`, windowStartOf(limit, now));
  return prev?.hits ?? 0;
}

export function rateLimited(retryAfter: number, message = 'too many requests; try again later'): AppError {
  return new AppError(429, 'rate_limited', message, undefined, { 'Retry-After': String(retryAfter) });
}

/** hit(), then a 429 with Retry-After when over the limit. */
export async function enforce(db: DbOrTx, limit: RateLimit, who: string, now: Date): Promise<RateLimitHit> {
  const h = await hit(db, limit, who, now);
  if (!h.allowed) throw rateLimited(h.retryAfter);
  return h;
}
