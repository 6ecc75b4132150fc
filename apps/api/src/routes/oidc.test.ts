import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { HttpBrowser, type Hop } from '../../../../test/support/http-browser.ts';
import { startSso, type IdpUser, type TestIdp } from '../../../../test/support/oidc-provider.ts';
import { createStaff } from '../../../../test/support/staff.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';
import { disableStaffUser } from '../services/auth/staff-users.ts';

const PASSWORD = 'idp-password-1';
const user = (login: string, groups: string[], extra: Partial<IdpUser> = {}): IdpUser => ({
  login,
  password: PASSWORD,
  email: `${login}@example.co.jp`,
  name: `${login} san`,
  groups,
  ...extra,
});

const USERS: IdpUser[] = [
  user('hana', ['kura-moderators', 'all-staff']),
  user('kenji', ['kura-leads']),
  user('rin', ['all-staff', 'sales']),
  user('sora', ['kura-auditors']),
  user('mei', ['kura-admins']),
  user('yuto', ['kura-moderators']),
  user('aki', ['kura-moderators'], { emailVerified: false }),
  user('taro', ['kura-moderators']),
  user('nao', ['kura-moderators']),
  user('noemail', ['kura-moderators'], { email: undefined }),
];

let h: Harness;
let idp: TestIdp;

beforeAll(async () => {
  h = await createHarness();
  idp = await startSso(h, { users: USERS });
});
afterAll(async () => {
  await idp?.close();
  await h?.close();
});

const isCallback = (u: URL) => u.pathname === '/api/auth/oidc/callback';

/** Start at Kura, sign in on the provider's page, and stop just before Kura's callback. */
async function toCallback(browser: HttpBrowser, login: string, redirectTo = '/recordings'): Promise<string> {
  const start = await browser.request(`${h.baseUrl}/api/auth/oidc/start?redirectTo=${encodeURIComponent(redirectTo)}`);
  expect(start.status).toBe(302);
  const page = await browser.follow(start.location!);
  expect(page.status).toBe(200);
  expect(page.body).toContain('Example Corp sign-in');
  const action = /action="([^"]+)"/.exec(page.body)![1]!;
  const submitted = await browser.request(new URL(action, page.url).href, { method: 'POST', form: { login, password: PASSWORD } });
  const back = await browser.follow(submitted.location!, isCallback);
  expect(isCallback(new URL(back.location!))).toBe(true);
  return back.location!;
}

async function signInAs(login: string, redirectTo?: string): Promise<{ browser: HttpBrowser; callback: Hop }> {
  const browser = new HttpBrowser();
  const callbackUrl = await toCallback(browser, login, redirectTo);
  return { browser, callback: await browser.request(callbackUrl) };
}

function ssoErrorOf(hop: Hop): string | null {
  expect(hop.status).toBe(302);
  const to = new URL(hop.location!);
  return to.pathname === '/login' ? to.searchParams.get('ssoError') : null;
}

async function sessionOf(browser: HttpBrowser) {
  const token = browser.cookie(new URL(h.baseUrl).host, 'kura_session');
  if (!token) return null;
  const res = await fetch(`${h.baseUrl}/api/auth/session`, { headers: { cookie: `kura_session=${token}` } });
  return res.status === 200 ? ((await res.json()) as { user: { id: string; email: string; displayName: string; roles: string[] } }) : null;
}

const audit = (action: string, subjectId: string) =>
  h.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).orderBy('seq').execute();

const staffByEmail = (email: string) => h.ctx.db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst();

describe('GET /api/auth/oidc/start', () => {
  it('sends the browser to the provider with state, nonce and an S256 PKCE challenge, and keeps the verifier out of the URL', async () => {
    const browser = new HttpBrowser();
    const res = await browser.request(`${h.baseUrl}/api/auth/oidc/start`);
    expect(res.status).toBe(302);
    const to = new URL(res.location!);
    expect(to.origin).toBe(idp.issuer);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('redirect_uri')).toBe(`${h.baseUrl}/api/auth/oidc/callback`);
    expect(q.get('scope')).toBe('openid email profile groups');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect([...q.keys()].sort()).toEqual([
      'client_id',
      'code_challenge',
      'code_challenge_method',
      'nonce',
      'redirect_uri',
      'response_type',
      'scope',
      'state',
    ]);

    const cookie = res.setCookies.find((c) => c.startsWith('kura_oidc='))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/api\/auth\/oidc/);
    expect(cookie).toMatch(/; Max-Age=600/);

    // The database keeps a hash of the browser's value, and neither it nor the verifier.
    const binding = browser.cookie(new URL(h.baseUrl).host, 'kura_oidc')!;
    const rows = await h.ctx.db.selectFrom('oidc_sign_ins').selectAll().where('state', '=', q.get('state')!).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(binding);
    expect(rows[0]!.nonce).toBe(q.get('nonce'));
  });

  it('is a JSON 404 when SSO is not configured', async () => {
    const plain = await createHarness();
    try {
      const res = await fetch(`${plain.baseUrl}/api/auth/oidc/start`, { redirect: 'manual' });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
      const config = await fetch(`${plain.baseUrl}/api/auth/config`);
      expect(await config.json()).toEqual({ localLogin: true, oidc: { enabled: false } });
    } finally {
      await plain.close();
    }
  });

  it('lands on the login page with oidc_unavailable when the provider cannot be reached', async () => {
    const down = await createHarness();
    const gone = await startSso(down, { users: [] });
    await gone.close();
    try {
      const res = await new HttpBrowser().request(`${down.baseUrl}/api/auth/oidc/start`);
      expect(ssoErrorOf(res)).toBe('oidc_unavailable');
      expect(new URL(res.location!).searchParams.get('requestId')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await down.close();
    }
  });
});

describe('GET /api/auth/config', () => {
  it('tells the login page which ways of signing in there are', async () => {
    const res = await fetch(`${h.baseUrl}/api/auth/config`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ localLogin: true, oidc: { enabled: true } });
  });
});

describe('GET /api/auth/oidc/callback', () => {
  it('creates the staff account on first sign-in with roles from the groups claim, opens a session and returns where asked', async () => {
    const { browser, callback } = await signInAs('hana', '/recordings?state=ready');
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${h.baseUrl}/recordings?state=ready`);
    const sessionSet = callback.setCookies.find((c) => c.startsWith('kura_session='))!;
    expect(sessionSet).toMatch(/; HttpOnly/);
    expect(sessionSet).toMatch(/; SameSite=Strict/);
    expect(callback.setCookies.find((c) => c.startsWith('kura_oidc='))).toMatch(/Max-Age=0/);

    const session = await sessionOf(browser);
    expect(session!.user).toMatchObject({ email: 'hana@example.co.jp', displayName: 'hana san', roles: ['moderator'] });
    // This provider keeps email, name and groups out of the ID token: they came from userinfo.
    expect(idp.requests).toContain('/me');

    const id = session!.user.id;
    const identity = await h.ctx.db.selectFrom('staff_identities').selectAll().where('user_id', '=', id).execute();
    expect(identity).toEqual([expect.objectContaining({ issuer: idp.issuer, subject: 'hana' })]);

    const [created] = await audit('staff.created', id);
    expect(created).toMatchObject({
      actor_type: 'system',
      actor_id: 'oidc',
      details: { email: 'hana@example.co.jp', roles: ['moderator'] },
    });
    const [login] = await audit('auth.login', id);
    expect(login).toMatchObject({ actor_type: 'staff', actor_id: id, details: { method: 'oidc', issuer: idp.issuer, linked: true } });
    expect(Object.keys(login!.details as object).sort()).toEqual(['issuer', 'linked', 'method', 'sessionId']);

    // The account has no password anyone knows.
    const local = await fetch(`${h.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'hana@example.co.jp', password: PASSWORD }),
    });
    expect(local.status).toBe(401);
  });

  it('maps a group to several roles and keeps the usual role order', async () => {
    const { browser, callback } = await signInAs('kenji');
    expect(ssoErrorOf(callback)).toBeNull();
    expect((await sessionOf(browser))!.user.roles).toEqual(['moderator', 'lead']);
  });

  it('updates roles from the claim on every sign-in, auditing only a change', async () => {
    const first = await signInAs('sora');
    const id = (await sessionOf(first.browser))!.user.id;
    expect((await sessionOf(first.browser))!.user.roles).toEqual(['auditor']);

    const again = await signInAs('sora');
    expect((await sessionOf(again.browser))!.user.roles).toEqual(['auditor']);
    expect(await audit('staff.updated', id)).toHaveLength(0);
    const logins = await audit('auth.login', id);
    expect(logins).toHaveLength(2);
    expect(logins[1]!.details).not.toHaveProperty('linked');

    idp.updateUser('sora', { groups: ['kura-auditors', 'kura-admins'] });
    const promoted = await signInAs('sora');
    expect((await sessionOf(promoted.browser))!.user.roles).toEqual(['auditor', 'admin']);
    const [changed] = await audit('staff.updated', id);
    expect(changed).toMatchObject({
      actor_type: 'system',
      actor_id: 'oidc',
      details: { roles: { from: ['auditor'], to: ['auditor', 'admin'] } },
    });
    expect((await staffByEmail('sora@example.co.jp'))!.roles).toEqual(['auditor', 'admin']);
  });

  it('refuses a person none of whose groups maps to a role, and makes no account', async () => {
    const { browser, callback } = await signInAs('rin');
    expect(ssoErrorOf(callback)).toBe('oidc_no_role');
    expect(new URL(callback.location!).searchParams.get('requestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(callback.setCookies.some((c) => c.startsWith('kura_session='))).toBe(false);
    expect(await sessionOf(browser)).toBeNull();
    expect(await staffByEmail('rin@example.co.jp')).toBeUndefined();
    const refused = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login_failed')
      .where('subject_id', 'like', 'oidc:%')
      .execute();
    expect(refused.map((r) => r.details)).toContainEqual({ method: 'oidc', reason: 'no_role', groups: ['all-staff', 'sales'] });
  });

  it('refuses a known person whose groups no longer map to a role', async () => {
    await signInAs('taro');
    idp.updateUser('taro', { groups: ['all-staff'] });
    const { callback } = await signInAs('taro');
    expect(ssoErrorOf(callback)).toBe('oidc_no_role');
    const taro = (await staffByEmail('taro@example.co.jp'))!;
    expect(await audit('auth.login_failed', taro.id)).toEqual([
      expect.objectContaining({ actor_type: 'anonymous', details: { method: 'oidc', reason: 'no_role', groups: ['all-staff'] } }),
    ]);
  });

  it('refuses a disabled account', async () => {
    await signInAs('yuto');
    await disableStaffUser(h.ctx, 'yuto@example.co.jp', { type: 'system', id: 'test' });
    const { browser, callback } = await signInAs('yuto');
    expect(ssoErrorOf(callback)).toBe('oidc_disabled');
    expect(await sessionOf(browser)).toBeNull();
  });

  it('links an existing local account by a verified email, and refuses to link on an unverified one', async () => {
    const local = await createStaff(h, ['auditor'], { email: 'mei@example.co.jp' });
    const { browser } = await signInAs('mei');
    const session = await sessionOf(browser);
    expect(session!.user.id).toBe(local.userId);
    // The claim decides the roles from now on.
    expect(session!.user.roles).toEqual(['admin']);
    expect(await audit('staff.updated', local.userId)).toHaveLength(1);

    const other = await createStaff(h, ['lead'], { email: 'aki@example.co.jp' });
    const refused = await signInAs('aki');
    expect(ssoErrorOf(refused.callback)).toBe('oidc_account_conflict');
    expect(await h.ctx.db.selectFrom('staff_identities').selectAll().where('user_id', '=', other.userId).execute()).toEqual([]);
    expect((await staffByEmail('aki@example.co.jp'))!.roles).toEqual(['lead']);
  });

  it('refuses a new person without an email', async () => {
    const { callback } = await signInAs('noemail');
    expect(ssoErrorOf(callback)).toBe('oidc_no_email');
  });

  it('lands on the login page with oidc_cancelled when the person cancels at the provider', async () => {
    const browser = new HttpBrowser();
    const start = await browser.request(`${h.baseUrl}/api/auth/oidc/start`);
    const page = await browser.follow(start.location!);
    const cancel = /href="([^"]+\/abort)"/.exec(page.body)![1]!;
    const back = await browser.follow(new URL(cancel, page.url).href, isCallback);
    expect(new URL(back.location!).searchParams.get('error')).toBe('access_denied');
    const callback = await browser.request(back.location!);
    expect(ssoErrorOf(callback)).toBe('oidc_cancelled');
  });

  it('takes a callback only once, only in the browser that started it, and only with its state', async () => {
    // Someone else's browser (an attacker handing over their own code) finds no sign-in.
    const victim = new HttpBrowser();
    const attackerUrl = await toCallback(new HttpBrowser(), 'nao');
    expect(ssoErrorOf(await victim.request(attackerUrl))).toBe('oidc_expired');
    expect(await sessionOf(victim)).toBeNull();

    // The right browser, a tampered state: refused, and the sign-in is spent.
    const browser = new HttpBrowser();
    const url = new URL(await toCallback(browser, 'nao'));
    const tampered = new URL(url);
    tampered.searchParams.set('state', 'x'.repeat(43));
    expect(ssoErrorOf(await browser.request(tampered.href))).toBe('oidc_expired');
    expect(ssoErrorOf(await browser.request(url.href))).toBe('oidc_expired');
    expect(await sessionOf(browser)).toBeNull();

    // A replay of a completed callback (cookie put back by hand) finds the row gone.
    const good = new HttpBrowser();
    const goodUrl = await toCallback(good, 'nao');
    const binding = good.cookie(new URL(h.baseUrl).host, 'kura_oidc')!;
    expect(ssoErrorOf(await good.request(goodUrl))).toBeNull();
    const replay = await fetch(goodUrl, { headers: { cookie: `kura_oidc=${binding}` }, redirect: 'manual' });
    expect(new URL(replay.headers.get('location')!, h.baseUrl).searchParams.get('ssoError')).toBe('oidc_expired');
  });

  it('refuses a sign-in older than ten minutes', async () => {
    const browser = new HttpBrowser();
    const url = await toCallback(browser, 'hana');
    h.advance(11 * 60_000);
    expect(ssoErrorOf(await browser.request(url))).toBe('oidc_expired');
  });

  it('sends the browser only to a path on its own origin afterwards', async () => {
    for (const target of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/api/audit/events', '/login']) {
      const { callback } = await signInAs('hana', target);
      expect(callback.location).toBe(`${h.baseUrl}/`);
    }
  });

  it('logs no code, state, nonce, cookie or token of a sign-in, whatever its outcome', async () => {
    const lines: string[] = [];
    const original = h.ctx.logger;
    h.ctx.logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    try {
      const browser = new HttpBrowser();
      const url = new URL(await toCallback(browser, 'hana'));
      const binding = browser.cookie(new URL(h.baseUrl).host, 'kura_oidc')!;
      const tampered = new URL(url);
      tampered.searchParams.set('code', `${url.searchParams.get('code')}x`);
      const secrets = [url.searchParams.get('code')!, url.searchParams.get('state')!, binding];

      const done = await signInAs('hana');
      const session = done.browser.cookie(new URL(h.baseUrl).host, 'kura_session')!;
      secrets.push(session, new URL(done.callback.url).searchParams.get('code')!);
      await signInAs('rin');
      // A code the provider never issued: its token endpoint says invalid_grant.
      expect(ssoErrorOf(await browser.request(tampered.href))).toBe('oidc_provider_error');
      const cancelled = new HttpBrowser();
      const start = await cancelled.request(`${h.baseUrl}/api/auth/oidc/start`);
      const nonce = new URL(start.location!).searchParams.get('nonce')!;
      secrets.push(nonce);
      await cancelled.request(`${h.baseUrl}/api/auth/oidc/callback?error=access_denied&state=x`);

      const log = lines.join('');
      expect(log).toContain('sso sign-in did not complete');
      for (const secret of secrets) expect(log).not.toContain(secret);
      // No JWT (ID token, or an access token in that form) of any kind.
      expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    } finally {
      h.ctx.logger = original;
    }
  });

  it('leaves an intact audit chain', async () => {
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});

describe('groups in the ID token', () => {
  it('reads roles from a nested claim in the ID token, without asking userinfo', async () => {
    const h2 = await createHarness();
    const idp2 = await startSso(h2, {
      users: [user('kaito', ['kura-leads'])],
      claimsInIdToken: true,
      nestedGroups: true,
      env: { KURA_OIDC_GROUPS_CLAIM: 'realm_access.roles', KURA_OIDC_LABEL: 'Example SSO' },
    });
    try {
      const browser = new HttpBrowser();
      const start = await browser.request(`${h2.baseUrl}/api/auth/oidc/start`);
      const page = await browser.follow(start.location!);
      const action = /action="([^"]+)"/.exec(page.body)![1]!;
      const submitted = await browser.request(new URL(action, page.url).href, {
        method: 'POST',
        form: { login: 'kaito', password: PASSWORD },
      });
      const done = await browser.follow(submitted.location!, (u) => u.origin === h2.baseUrl && !isCallback(u));
      expect(done.location).toBe(`${h2.baseUrl}/`);
      const token = browser.cookie(new URL(h2.baseUrl).host, 'kura_session')!;
      const session = await fetch(`${h2.baseUrl}/api/auth/session`, { headers: { cookie: `kura_session=${token}` } });
      expect(((await session.json()) as { user: { roles: string[] } }).user.roles).toEqual(['moderator', 'lead']);
      expect(idp2.requests).toContain('/token');
      expect(idp2.requests).not.toContain('/me');
      expect(await (await fetch(`${h2.baseUrl}/api/auth/config`)).json()).toEqual({
        localLogin: true,
        oidc: { enabled: true, label: 'Example SSO' },
      });
    } finally {
      await idp2.close();
      await h2.close();
    }
  });
});

describe('local passwords switched off', () => {
  it('refuses POST /api/auth/login with 403 local_login_disabled and counts no attempt', async () => {
    const h3 = await createHarness();
    const idp3 = await startSso(h3, { users: [user('hana', ['kura-moderators'])], env: { KURA_LOCAL_LOGIN: 'off' } });
    try {
      const staff = await createStaff(h3, ['moderator']);
      const res = await fetch(`${h3.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: staff.email, password: staff.password }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('local_login_disabled');
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await h3.ctx.db.selectFrom('login_attempts').selectAll().execute()).toEqual([]);
      expect(await (await fetch(`${h3.baseUrl}/api/auth/config`)).json()).toEqual({ localLogin: false, oidc: { enabled: true } });
    } finally {
      await idp3.close();
      await h3.close();
    }
  });
});
