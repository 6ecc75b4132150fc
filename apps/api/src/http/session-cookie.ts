import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { HonoEnv } from './env.ts';
import { SESSION_COOKIE } from './staff-auth.ts';

// One definition of the session cookie for every way of signing in (password, OIDC).

function sessionCookieOptions(c: Context<HonoEnv>): CookieOptions {
  // Strict: the console and its API share one origin, so no cross-site request needs it.
  return { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.var.ctx.config.secureCookies };
}

export function setSessionCookie(c: Context<HonoEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { ...sessionCookieOptions(c), maxAge: c.var.ctx.config.sessionMaxHours * 3600 });
}

export function clearSessionCookie(c: Context<HonoEnv>): void {
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(c));
}
