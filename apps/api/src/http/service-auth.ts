import type { MiddlewareHandler } from 'hono';
import type { HonoEnv } from './env.ts';
import { AppError } from '../lib/errors.ts';

/** The call platform authenticates with `Authorization: Bearer <service token>`. */
export function serviceAuth(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S{1,512})$/i.exec(header);
    const id = m ? c.var.ctx.serviceTokens.verify(m[1]!) : null;
    if (!id) {
      throw new AppError(401, 'unauthorized', 'a valid service token is required', undefined, {
        'WWW-Authenticate': 'Bearer realm="kura-ingest"',
      });
    }
    c.set('serviceTokenId', id);
    await next();
  };
}
