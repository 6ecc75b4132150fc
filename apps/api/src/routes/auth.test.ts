import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { createStaff, sessionCookie, signIn } from '../../../../test/support/staff.ts';
import type { HonoEnv } from '../http/env.ts';
import { contextMiddleware, onError } from '../http/middleware.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';
import { addStaffUser, disableStaffUser } from '../services/auth/staff-users.ts';

const CLI = { type: 'system', id: 'cli' } as const;
const MINUTE = 60_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});
// Every request comes from 127.0.0.1: stepping past the 15-minute attempt window keeps one
// test's failed sign-ins from counting against the next test's per-IP limit.
afterEach(() => h.advance(16 * MINUTE));

function postLogin(body: unknown, contentType = 'application/json') {
  return fetch(`${h.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const getSession = (headers: Record<string, string> = {}) => fetch(`${h.baseUrl}/api/auth/session`, { headers });
const postLogout = (headers: Record<string, string>) => fetch(`${h.baseUrl}/api/auth/logout`, { method: 'POST', headers });

async function errorOf(res: Response): Promise<{ code: string; message: string; requestId: string }> {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  return body.error;
}

function auditEvents(action: string, subjectId: string) {
  return h.ctx.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', action)
    .where('subject_id', '=', subjectId)
    .orderBy('seq')
    .execute();
}

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly SameSite=Strict cookie and answers the session with its CSRF token', async () => {
    const staff = await createStaff(h, ['moderator', 'lead'], { displayName: 'Aoi Tanaka' });
    const res = await postLogin({ email: staff.email, password: staff.password });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');

    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('kura_session='))!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=43200/);
    expect(setCookie).not.toMatch(/; Secure/); // secureCookies is off in tests

    const body = (await res.json()) as { csrfToken: string; user: unknown };
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({ id: staff.userId, email: staff.email, displayName: 'Aoi Tanaka', roles: ['moderator', 'lead'] });

    // Only the token's hash is stored.
    const token = sessionCookie(res)!.slice('kura_session='.length);
    const sessions = await h.ctx.db.selectFrom('staff_sessions').selectAll().where('user_id', '=', staff.userId).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(sessions[0]!.ip).toBe('127.0.0.1');

    const [login] = await auditEvents('auth.login', staff.userId);
    expect(login).toMatchObject({ actor_type: 'staff', actor_id: staff.userId, details: { sessionId: sessions[0]!.id } });
    expect(login!.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('accepts the email in any letter case', async () => {
    const staff = await createStaff(h, ['auditor']);
    const res = await postLogin({ email: staff.email.toUpperCase(), password: staff.password });
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email alike, and audits both without the raw email', async () => {
    const staff = await createStaff(h, ['moderator']);
    const wrong = await postLogin({ email: staff.email, password: 'not-the-password' });
    const unknownEmail = 'nobody-here@kura.test';
    const unknown = await postLogin({ email: unknownEmail, password: 'not-the-password' });

    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a.code).toBe('invalid_credentials');
    expect({ ...b, requestId: a.requestId }).toEqual(a);

    expect(await auditEvents('auth.login_failed', staff.userId)).toMatchObject([
      { actor_type: 'anonymous', actor_id: 'anonymous', details: { reason: 'bad_credentials' } },
    ]);
    const digest = createHash('sha256').update(unknownEmail).digest('hex').slice(0, 12);
    expect(await auditEvents('auth.login_failed', `unknown:${digest}`)).toMatchObject([{ details: { reason: 'bad_credentials' } }]);
    const all = await h.ctx.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(all)).not.toContain('nobody-here');
    expect(JSON.stringify(all)).not.toContain('not-the-password');
  });

  it('refuses a disabled user with the same 401, audited as disabled', async () => {
    const staff = await createStaff(h, ['moderator']);
    await disableStaffUser(h.ctx, staff.email, CLI);
    const res = await postLogin({ email: staff.email, password: staff.password });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('invalid_credentials');
    expect(await auditEvents('auth.login_failed', staff.userId)).toMatchObject([{ details: { reason: 'disabled' } }]);
  });

  it('rejects bad JSON, schema violations and other content types', async () => {
    const badJson = await postLogin('{"email": ');
    expect(badJson.status).toBe(400);
    expect((await errorOf(badJson)).code).toBe('bad_json');

    for (const body of [
      { email: 'a@kura.test' },
      { email: 'not-an-email', password: 'x' },
      { email: 'a@kura.test', password: 'x', admin: true },
      [],
    ]) {
      const res = await postLogin(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('validation_failed');
    }

    const form = await postLogin('email=a%40kura.test&password=x', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    const err = await errorOf(form);
    expect(err.code).toBe('unsupported_media_type');
    expect(err.requestId).toBe(form.headers.get('x-request-id'));
  });

  it('locks an email for 15 minutes after 5 failures, even for the right password', async () => {
    const staff = await createStaff(h, ['moderator']);
    for (let i = 0; i < 5; i++) {
      expect((await postLogin({ email: staff.email, password: `wrong-${i}` })).status).toBe(401);
    }
    const limited = await postLogin({ email: staff.email, password: staff.password });
    expect(limited.status).toBe(429);
    expect((await errorOf(limited)).code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await auditEvents('auth.login_failed', staff.userId)).toMatchObject([
      ...Array.from({ length: 5 }, () => ({ details: { reason: 'bad_credentials' } })),
      { details: { reason: 'rate_limited' } },
    ]);

    h.advance(retryAfter * 1000 - 5_000);
    expect((await postLogin({ email: staff.email, password: staff.password })).status).toBe(429);
    h.advance(10_000);
    expect((await postLogin({ email: staff.email, password: staff.password })).status).toBe(200);
  });

  it('locks an IP after 20 failures across any emails', async () => {
    const staff = await createStaff(h, ['moderator']);
    for (let i = 0; i < 20; i++) {
      expect((await postLogin({ email: `guess-${i}@kura.test`, password: 'guess' })).status).toBe(401);
    }
    const res = await postLogin({ email: staff.email, password: staff.password });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  // Each attempt is recorded as failed before its password is checked, so guesses in flight
  // together are all counted.
  it('counts parallel guesses: a burst cannot slip past the limit', async () => {
    const staff = await createStaff(h, ['moderator']);
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => postLogin({ email: staff.email, password: `burst-${i}` }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});

describe('sessions', () => {
  it('GET /session needs no CSRF header and returns the same CSRF token every time', async () => {
    const staff = await createStaff(h, ['auditor']);
    const s = await signIn(h, staff.email, staff.password);
    for (let i = 0; i < 2; i++) {
      const res = await getSession({ cookie: s.cookie });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        csrfToken: s.csrfToken,
        user: { id: staff.userId, email: staff.email, displayName: staff.email.split('@')[0], roles: ['auditor'] },
      });
    }
  });

  it('answers 401 without a cookie or with one that names no session', async () => {
    const cases: Record<string, string>[] = [{}, { cookie: 'kura_session=nope' }, { cookie: `kura_session=${'A'.repeat(43)}` }];
    for (const headers of cases) {
      const res = await getSession(headers);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
  });

  it('ends after sessionIdleMinutes without a request; activity keeps it alive', async () => {
    const idle = h.ctx.config.sessionIdleMinutes * MINUTE;
    const staff = await createStaff(h, ['moderator']);
    const s = await signIn(h, staff.email, staff.password);
    h.advance(idle - 2 * MINUTE);
    expect((await getSession({ cookie: s.cookie })).status).toBe(200);
    h.advance(idle - 2 * MINUTE);
    expect((await getSession({ cookie: s.cookie })).status).toBe(200);
    h.advance(idle + MINUTE);
    expect((await getSession({ cookie: s.cookie })).status).toBe(401);
  });

  it('ends at sessionMaxHours however active it is', async () => {
    const maxMs = h.ctx.config.sessionMaxHours * 60 * MINUTE;
    const step = 25 * MINUTE;
    const staff = await createStaff(h, ['moderator']);
    const s = await signIn(h, staff.email, staff.password);
    let elapsed = 0;
    while (elapsed + step < maxMs) {
      h.advance(step);
      elapsed += step;
      expect((await getSession({ cookie: s.cookie })).status, `after ${elapsed / MINUTE} min`).toBe(200);
    }
    h.advance(step);
    expect((await getSession({ cookie: s.cookie })).status).toBe(401);
  });

  it('ends when the user is disabled', async () => {
    const staff = await createStaff(h, ['lead']);
    const s = await signIn(h, staff.email, staff.password);
    const result = await disableStaffUser(h.ctx, staff.email.toUpperCase(), CLI);
    expect(result).toMatchObject({ id: staff.userId, changed: true, sessionsRevoked: 1 });
    expect((await getSession({ cookie: s.cookie })).status).toBe(401);
    expect(await auditEvents('staff.disabled', staff.userId)).toMatchObject([
      { actor_type: 'system', actor_id: 'cli', details: { email: staff.email } },
    ]);

    // A repeat changes nothing and records nothing.
    expect(await disableStaffUser(h.ctx, staff.email, CLI)).toMatchObject({ changed: false, sessionsRevoked: 0 });
    expect(await auditEvents('staff.disabled', staff.userId)).toHaveLength(1);
    await expect(disableStaffUser(h.ctx, 'ghost@kura.test', CLI)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('POST /api/auth/logout', () => {
  it('requires the CSRF token, then revokes the session and clears the cookie', async () => {
    const staff = await createStaff(h, ['moderator']);
    const s = await signIn(h, staff.email, staff.password);

    const tampered = `${s.csrfToken.slice(0, -1)}${s.csrfToken.endsWith('x') ? 'y' : 'x'}`;
    const attempts: Record<string, string>[] = [
      { cookie: s.cookie },
      { cookie: s.cookie, 'x-csrf-token': tampered },
      { cookie: s.cookie, 'x-csrf-token': 'short' },
    ];
    for (const headers of attempts) {
      const res = await postLogout(headers);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('csrf_failed');
    }
    expect((await getSession({ cookie: s.cookie })).status).toBe(200);

    const res = await postLogout(s.headers());
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('kura_session='))).toMatch(/Max-Age=0/);
    expect((await getSession({ cookie: s.cookie })).status).toBe(401);
    expect((await postLogout(s.headers())).status).toBe(401);

    const [session] = await h.ctx.db.selectFrom('staff_sessions').selectAll().where('user_id', '=', staff.userId).execute();
    expect(session!.revoked_at).not.toBeNull();
    expect(await auditEvents('auth.logout', staff.userId)).toMatchObject([
      { actor_type: 'staff', actor_id: staff.userId, details: { sessionId: session!.id } },
    ]);
  });

  it('a CSRF token of another session does not work', async () => {
    const staff = await createStaff(h, ['moderator']);
    const a = await signIn(h, staff.email, staff.password);
    const b = await signIn(h, staff.email, staff.password);
    expect(a.csrfToken).not.toBe(b.csrfToken);
    expect((await postLogout({ cookie: a.cookie, 'x-csrf-token': b.csrfToken })).status).toBe(403);
  });
});

describe('requireRole', () => {
  it('lets through any of the named roles and answers 403 forbidden to others', async () => {
    const app = new Hono<HonoEnv>();
    app.use('*', contextMiddleware(h.ctx));
    app.onError(onError);
    app.get('/leads-only', staffSession(), requireRole('lead', 'admin'), (c) => c.json({ ok: c.var.staff.userId }));

    const moderator = await createStaff(h, ['moderator']);
    const lead = await createStaff(h, ['moderator', 'lead']);
    const m = await signIn(h, moderator.email, moderator.password);
    const l = await signIn(h, lead.email, lead.password);

    const denied = await app.request('/leads-only', { headers: { cookie: m.cookie } });
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).code).toBe('forbidden');
    const allowed = await app.request('/leads-only', { headers: { cookie: l.cookie } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ ok: lead.userId });
  });
});

describe('addStaffUser', () => {
  it('lower-cases the email, refuses duplicates, weak passwords and unknown roles', async () => {
    const user = await addStaffUser(
      h.ctx,
      { email: 'Mixed.Case@Kura.test', roles: ['admin', 'admin'], password: 'long-enough-password' },
      CLI,
    );
    expect(user).toMatchObject({ email: 'mixed.case@kura.test', displayName: 'mixed.case', roles: ['admin'] });
    expect(await auditEvents('staff.created', user.id)).toMatchObject([
      { actor_type: 'system', actor_id: 'cli', details: { email: 'mixed.case@kura.test', roles: ['admin'] } },
    ]);

    await expect(
      addStaffUser(h.ctx, { email: 'MIXED.case@kura.test', roles: ['moderator'], password: 'long-enough-password' }, CLI),
    ).rejects.toMatchObject({ status: 409, code: 'email_taken' });
    await expect(addStaffUser(h.ctx, { email: 'short@kura.test', roles: ['moderator'], password: 'too-short' }, CLI)).rejects.toMatchObject(
      {
        status: 400,
        code: 'validation_failed',
      },
    );
    await expect(
      addStaffUser(h.ctx, { email: 'role@kura.test', roles: ['superuser' as 'admin'], password: 'long-enough-password' }, CLI),
    ).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
    await expect(addStaffUser(h.ctx, { email: 'none@kura.test', roles: [], password: 'long-enough-password' }, CLI)).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('audit chain', () => {
  it('stays intact after everything above', async () => {
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
