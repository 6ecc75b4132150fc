import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, badRequest } from '../lib/errors.ts';
import { isStorable, parseWith } from '../lib/validation.ts';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'expected Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw badRequest('bad_json', 'request body is not valid JSON');
  }
  return parseWith(schema, value, 'request body');
}

export function queryOf<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'query');
}

export function paramOf<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  const raw = c.req.param(name);
  const result = schema.safeParse(raw);
  // An id that cannot exist is simply not found: callers cannot probe formats. That includes one
  // PostgreSQL could not even compare (a NUL), which would otherwise fail the query with a 500.
  if (!result.success || (typeof raw === 'string' && !isStorable(raw))) throw new AppError(404, 'not_found', 'resource not found');
  return result.data;
}
