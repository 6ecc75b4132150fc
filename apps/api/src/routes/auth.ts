import { Hono } from 'hono';
import { AuthConfigResponse, LoginBody, SessionResponse } from '@kura/contracts';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie.ts';
import { staffSession } from '../http/staff-auth.ts';
import { jsonBody } from '../http/validate.ts';
import type { StaffPrincipal } from '../services/auth/principal.ts';
import { login, logout } from '../services/auth/sessions.ts';
import { apiDoc, answers } from '../http/openapi.ts';

/** /api/auth: sign in, sign out, and the current session (with its CSRF token). */
export function authRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Public: the login page asks which ways of signing in to offer.
  r.get(
    '/config',
    apiDoc({ summary: 'Which ways of signing in are offered', auth: 'none', responses: { 200: AuthConfigResponse } }),
    (c) => {
      const { oidc, localLogin } = c.var.ctx.config;
      const body: AuthConfigResponse = {
        localLogin,
        oidc: oidc ? { enabled: true, ...(oidc.label ? { label: oidc.label } : {}) } : { enabled: false },
      };
      return c.json(body);
    },
  );

  r.post(
    '/login',
    apiDoc({
      summary: 'Sign in with email and password (sets the kura_session cookie)',
      auth: 'none',
      body: LoginBody,
      responses: { 200: SessionResponse },
    }),
    async (c) => {
      const body = await jsonBody(c, LoginBody);
      const { ctx } = c.var;
      const { token, principal } = await login(ctx, {
        ...body,
        ip: clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        requestId: c.var.requestId,
      });
      setSessionCookie(c, token);
      return c.json(sessionResponse(principal));
    },
  );

  r.post('/logout', apiDoc({ summary: 'Sign out', responses: { 204: answers.noContent } }), staffSession(), async (c) => {
    await logout(c.var.ctx, c.var.staff, c.var.requestId);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  r.get(
    '/session',
    apiDoc({ summary: 'The current session and its CSRF token', responses: { 200: SessionResponse } }),
    staffSession(),
    (c) => c.json(sessionResponse(c.var.staff)),
  );

  return r;
}

function sessionResponse(p: StaffPrincipal): SessionResponse {
  return { csrfToken: p.csrfToken, user: { id: p.userId, email: p.email, displayName: p.displayName, roles: p.roles } };
}
