import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, badRequest } from '../lib/errors.ts';
import type { HonoEnv } from './env.ts';
import { isStorable, parseWith } from '../lib/validation.ts';

/**
 * The published spec is read off each route's apiDoc, so a handler must validate with exactly the
 * schemas its doc names: a route that drifted fails its first test instead of publishing a lie.
 */
function assertDocumented(c: Context<HonoEnv>, what: string, documented: unknown, schema: unknown): void {
  if (c.var.apiDoc && documented !== schema) {
    throw new Error(`${c.req.method} ${c.req.routePath}: validates its ${what} with a schema its apiDoc does not name`);
  }
}

export async function jsonBody<S extends z.ZodType>(c: Context<HonoEnv>, schema: S): Promise<z.output<S>> {
  assertDocumented(c, 'body', c.var.apiDoc?.body, schema);
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

export function queryOf<S extends z.ZodType>(c: Context<HonoEnv>, schema: S): z.output<S> {
  assertDocumented(c, 'query', c.var.apiDoc?.query, schema);
  return parseWith(schema, c.req.query(), 'query');
}

export function paramOf<S extends z.ZodType>(c: Context<HonoEnv>, name: string, schema: S): z.output<S> {
  assertDocumented(c, `path parameter ${name}`, c.var.apiDoc?.params?.[name], schema);
  const raw = c.req.param(name);
  const result = schema.safeParse(raw);
  // An id that cannot exist is simply not found: callers cannot probe formats. That includes one
  // PostgreSQL could not even compare (a NUL), which would otherwise fail the query with a 500.
  if (!result.success || (typeof raw === 'string' && !isStorable(raw))) throw new AppError(404, 'not_found', 'resource not found');
  return result.data;
}
