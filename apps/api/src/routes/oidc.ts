import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { setSessionCookie } from '../http/session-cookie.ts';
import { notFound } from '../lib/errors.ts';
import { OidcSignInError, finishOidcSignIn, startOidcSignIn } from '../services/auth/oidc-sign-in.ts';
import { apiDoc, answers } from '../http/openapi.ts';

const SIGN_IN_COOKIE = 'kura_oidc';
const SIGN_IN_COOKIE_SECONDS = 10 * 60;

/**
 * /api/auth/oidc: staff sign-in with the company's identity provider. Both routes are browser
 * navigations, so they answer with redirects: to the provider, back into the console, or to the
 * login page with an error code it translates (never a JSON body or a stack trace).
 */
export function oidcRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  // Without SSO configured these routes do not exist: the usual JSON 404.
  r.use('*', async (c, next) => {
    if (!c.var.ctx.config.oidc) throw notFound('sign-in method');
    await next();
  });

  r.get(
    '/start',
    apiDoc({
      summary: "Sign in with the company's identity provider (browser navigation)",
      description: '`redirectTo`: a console path to land on afterwards (anything else is ignored).',
      auth: 'none',
      responses: { 302: answers.redirect('To the identity provider, or to /login?ssoError=…') },
    }),
    async (c) => {
      try {
        const { location, binding } = await startOidcSignIn(c.var.ctx, c.req.query('redirectTo'));
        setCookie(c, SIGN_IN_COOKIE, binding, { ...signInCookieOptions(c), maxAge: SIGN_IN_COOKIE_SECONDS });
        return c.redirect(location, 302);
      } catch (err) {
        return toLoginPage(c, err);
      }
    },
  );

  r.get(
    '/callback',
    apiDoc({
      summary: "The identity provider's redirect back (browser navigation)",
      auth: 'none',
      responses: { 302: answers.redirect('Into the console, or to /login?ssoError=…') },
    }),
    async (c) => {
      const binding = getCookie(c, SIGN_IN_COOKIE);
      // Spent whatever happens next: the browser keeps no used sign-in around.
      deleteCookie(c, SIGN_IN_COOKIE, signInCookieOptions(c));
      try {
        const signedIn = await finishOidcSignIn(c.var.ctx, {
          binding,
          params: new URL(c.req.url).searchParams,
          ip: clientIp(c),
          userAgent: c.req.header('user-agent') ?? null,
          requestId: c.var.requestId,
        });
        setSessionCookie(c, signedIn.token);
        return c.redirect(signedIn.returnTo, 302);
      } catch (err) {
        return toLoginPage(c, err);
      }
    },
  );

  return r;
}

function signInCookieOptions(c: Context<HonoEnv>): CookieOptions {
  // Lax, not Strict: the provider's redirect back to the callback is a cross-site navigation,
  // and a Strict cookie would not come with it. Sent to the callback path only.
  return { path: '/api/auth/oidc', httpOnly: true, sameSite: 'Lax', secure: c.var.ctx.config.secureCookies };
}

function toLoginPage(c: Context<HonoEnv>, err: unknown): Response {
  let code: string;
  if (err instanceof OidcSignInError) {
    code = err.code;
    c.var.log.warn({ code, ...err.logFields }, 'sso sign-in did not complete');
  } else {
    code = 'oidc_failed';
    c.var.log.error({ err }, 'sso sign-in failed');
  }
  const params = new URLSearchParams({ ssoError: code, requestId: c.var.requestId });
  return c.redirect(`/login?${params.toString()}`, 302);
}
