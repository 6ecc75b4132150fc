import type { z } from 'zod';
import { badRequest } from './errors.ts';

// Bad input is the caller's fault: a 400 naming each problem, never a 500.

export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest('validation_failed', `invalid ${what}`, issuesOf(result.error));
  // PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate: refuse them here
  // rather than fail as a 500 later.
  const bad = unstorablePath(result.data);
  if (bad !== null)
    throw badRequest('validation_failed', `invalid ${what}`, [{ path: bad, message: 'must not contain U+0000 or a lone surrogate' }]);
  return result.data;
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** PostgreSQL text cannot hold U+0000, and UTF-8 no lone surrogate: such a string must never reach a query. */
export const isStorable = (value: string): boolean => !UNSTORABLE.test(value);

function unstorablePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    if (UNSTORABLE.test(k)) return path ? `${path}.${k}` : k;
    const found = unstorablePath(v, path ? `${path}.${k}` : k);
    if (found !== null) return found;
  }
  return null;
}
