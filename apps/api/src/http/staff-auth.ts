import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '@kura/db';
import { hasRole } from '../services/auth/principal.ts';
import { csrfTokenMatches, resolveSession } from '../services/auth/sessions.ts';
import type { HonoEnv } from './env.ts';
import { AppError, forbidden, unauthorized } from '../lib/errors.ts';

export const SESSION_COOKIE = 'kura_session';

// Requests that change nothing need no CSRF token, so the console can fetch it at boot.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Authenticates from the session cookie, checks CSRF on unsafe methods, sets c.var.staff. */
export function staffSession(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const principal = token ? await resolveSession(c.var.ctx, token) : null;
    if (!token || !principal) throw unauthorized();
    if (!SAFE_METHODS.has(c.req.method) && !csrfTokenMatches(token, c.req.header('x-csrf-token'))) {
      throw new AppError(403, 'csrf_failed', 'missing or wrong X-CSRF-Token header');
    }
    c.set('staff', principal);
    await next();
  };
}

/** After staffSession(): lets the request through if the principal holds any of the roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (!hasRole(c.var.staff, ...roles)) throw forbidden();
    await next();
  };
}
