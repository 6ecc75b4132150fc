import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Role } from '@kura/db';
import { hasRole } from '../services/auth/principal.ts';
import { csrfTokenMatches, resolveSession } from '../services/auth/sessions.ts';
import { lookUpMediaAccess } from '../services/recordings/read-media.ts';
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

/**
 * staffSession() + requireRole() for the media route: the session, the recording named by the
 * `id` parameter and the caller's grant on it in one round trip (a player asks for range after
 * range, and each sequential round trip comes before the first byte). The same 401 and 403 in
 * the same order; an id that is no uuid gets the session looked up alone (the handler answers 400).
 */
export function mediaSession(...roles: Role[]): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const id = c.req.param('id');
    if (!token) throw unauthorized();
    if (!id || !UUID.test(id)) {
      const principal = await resolveSession(c.var.ctx, token);
      if (!principal) throw unauthorized();
      if (!hasRole(principal, ...roles)) throw forbidden();
      c.set('staff', principal);
      return next();
    }
    const access = await lookUpMediaAccess(c.var.ctx, token, id, c.req.method === 'GET' ? c.req.header('range') : undefined);
    if (!access) throw unauthorized();
    // Whatever happens next, an early GET the read did not claim is dropped.
    try {
      if (!hasRole(access.staff, ...roles)) throw forbidden();
      c.set('staff', access.staff);
      c.set('mediaAccess', access);
      await next();
    } finally {
      access.early?.release();
    }
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** After staffSession(): lets the request through if the principal holds any of the roles. */
export function requireRole(...roles: Role[]): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    if (!hasRole(c.var.staff, ...roles)) throw forbidden();
    await next();
  };
}
