import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HonoEnv } from './env.ts';
import { errorBody } from './middleware.ts';

/** JSON bodies are small; a large one is refused while streaming, before it fills memory. */
export const JSON_BODY_LIMIT = 64 * 1024;

export const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT,
  onError: (c) => c.json(errorBody(c as Context<HonoEnv>, 'payload_too_large', `JSON bodies are limited to ${JSON_BODY_LIMIT} bytes`), 413),
});
