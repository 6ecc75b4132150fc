import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { LoginBody, type SessionResponse } from '@kura/contracts';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { SESSION_COOKIE, staffSession } from '../http/staff-auth.ts';
import { jsonBody } from '../http/validate.ts';
import type { StaffPrincipal } from '../services/auth/principal.ts';
import { login, logout } from '../services/auth/sessions.ts';

/** /api/auth: sign in, sign out, and the current session (with its CSRF token). */
export function authRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.post('/login', async (c) => {
    const body = await jsonBody(c, LoginBody);
    const { ctx } = c.var;
    const { token, principal } = await login(ctx, {
      ...body,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent') ?? null,
      requestId: c.var.requestId,
    });
    setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: ctx.config.sessionMaxHours * 3600 });
    return c.json(sessionResponse(principal));
  });

  r.post('/logout', staffSession(), async (c) => {
    await logout(c.var.ctx, c.var.staff, c.var.requestId);
    deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
    return c.body(null, 204);
  });

  r.get('/session', staffSession(), (c) => c.json(sessionResponse(c.var.staff)));

  return r;
}

function cookieOptions(c: Context<HonoEnv>): CookieOptions {
  // Strict: the console and its API share one origin, so no cross-site request needs it.
  return { path: '/', httpOnly: true, sameSite: 'Strict', secure: c.var.ctx.config.secureCookies };
}

function sessionResponse(p: StaffPrincipal): SessionResponse {
  return { csrfToken: p.csrfToken, user: { id: p.userId, email: p.email, displayName: p.displayName, roles: p.roles } };
}
