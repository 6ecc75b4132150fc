import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';
import { loadSignInConfig } from '../../apps/api/src/config-oidc.ts';
import type { Harness } from './harness.ts';

// A real OpenID Connect provider (panva's oidc-provider, the certified implementation) running
// inside the test process on loopback, with its own sign-in page. Kura talks to it over HTTP
// exactly as it would to a company's IdP: discovery, authorization with PKCE, the token
// endpoint, JWKS, userinfo.

export interface IdpUser {
  login: string;
  password: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Paths of the requests the provider has answered (discovery, token, userinfo at /me …). */
  requests: string[];
  /** Changes a user's groups or email at the provider, as a directory admin would. */
  updateUser(login: string, change: Partial<Omit<IdpUser, 'login'>>): void;
  close(): Promise<void>;
}

export interface TestIdpOptions {
  users: IdpUser[];
  /**
   * 'localhost' puts the provider on another site than Kura's 127.0.0.1 (cookies are per host,
   * not per port), so a browser treats the way back to Kura as a cross-site navigation.
   */
  hostname?: 'localhost' | '127.0.0.1';
  /** Put email, name and groups in the ID token; by default they come only from userinfo. */
  claimsInIdToken?: boolean;
  /** Groups as Keycloak sends them, `{"realm_access": {"roles": [...]}}`, instead of `groups`. */
  nestedGroups?: boolean;
}

export const TEST_ROLE_MAP = 'kura-moderators=moderator,kura-leads=lead,kura-leads=moderator,kura-auditors=auditor,kura-admins=admin';

/**
 * Starts the provider for the Kura server behind `h`, registers Kura as a confidential client
 * with its callback URL, and switches SSO on in that server's configuration (parsed from the same
 * variables an operator sets, so config parsing is exercised too).
 */
export async function startSso(h: Harness, options: TestIdpOptions & { env?: Record<string, string> }): Promise<TestIdp> {
  const clientId = 'kura-console';
  const clientSecret = randomBytes(24).toString('base64url');
  const redirectUrl = `${h.baseUrl}/api/auth/oidc/callback`;
  const idp = await startTestIdp({ ...options, clientId, clientSecret, redirectUris: [redirectUrl] });
  const signIn = loadSignInConfig(
    {
      KURA_OIDC_ISSUER: idp.issuer,
      KURA_OIDC_CLIENT_ID: clientId,
      KURA_OIDC_CLIENT_SECRET: clientSecret,
      KURA_OIDC_REDIRECT_URL: redirectUrl,
      KURA_OIDC_SCOPES: 'openid email profile groups',
      KURA_OIDC_ROLE_MAP: TEST_ROLE_MAP,
      ...options.env,
    },
    h.dataDir,
  );
  if ('problems' in signIn) throw new Error(signIn.problems.join('\n'));
  // The server is already listening (its port is part of the redirect URL), and services read
  // the configuration per request, so SSO is switched on in place.
  Object.assign(h.ctx.config, signIn);
  return idp;
}

export async function startTestIdp(
  options: TestIdpOptions & { clientId: string; clientSecret: string; redirectUris: string[] },
): Promise<TestIdp> {
  const users = new Map(options.users.map((u) => [u.login, { ...u }]));
  const requests: string[] = [];
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://idp').pathname);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.hostname ?? '127.0.0.1'}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: [options.nestedGroups ? 'realm_access' : 'groups'],
    },
    conformIdTokenClaims: !options.claimsInIdToken,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    adapter: MemoryAdapter,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-rsa', alg: 'RS256', use: 'sig' }] as never },
    findAccount: (_ctx, id) => {
      const u = users.get(id);
      if (!u) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          ...(u.email === undefined ? {} : { email: u.email, email_verified: u.emailVerified ?? true }),
          ...(u.name === undefined ? {} : { name: u.name }),
          ...(u.groups === undefined ? {} : options.nestedGroups ? { realm_access: { roles: u.groups } } : { groups: u.groups }),
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidcCallback = provider.callback();

  handler = (req, res) => {
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return oidcCallback(req, res);
    interaction(provider, users, req, res, match[2] ?? '').catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  };

  return {
    issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    requests,
    updateUser: (login, change) => {
      const u = users.get(login);
      if (!u) throw new Error(`no such user ${login}`);
      Object.assign(u, change);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The provider's own sign-in page (a plain form), an automatic consent (Kura is the company's
// first-party app), and a cancel link that answers access_denied.
async function interaction(
  provider: Provider,
  users: Map<string, IdpUser>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  action: string,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (action === '/abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User aborted interaction' });
    return;
  }
  if (details.prompt.name === 'consent') {
    const { params, session, grantId } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant!.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  if (action === '/login' && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const user = users.get(form.get('login') ?? '');
    if (user && user.password === form.get('password')) {
      await provider.interactionFinished(req, res, { login: { accountId: user.login } }, { mergeWithLastSubmission: false });
      return;
    }
    return loginPage(res, details.uid, 'Wrong username or password.');
  }
  return loginPage(res, details.uid);
}

function loginPage(res: http.ServerResponse, uid: string, error?: string): void {
  res.writeHead(error ? 401 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example Corp sign-in</title></head>
<body>
  <h1>Example Corp sign-in</h1>
  ${error ? `<p role="alert">${error}</p>` : ''}
  <form method="post" action="/interaction/${uid}/login">
    <label>Username <input name="login" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>
  <a href="/interaction/${uid}/abort">Cancel</a>
</body></html>`);
}

// The provider's own in-memory store, made explicit (its default prints a warning meant for
// production deployments on every start).
class MemoryAdapter implements Adapter {
  private static readonly store = new Map<string, AdapterPayload>();
  constructor(private readonly model: string) {}
  private key(id: string) {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    MemoryAdapter.store.set(this.key(id), payload);
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    return MemoryAdapter.store.get(this.key(id));
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    for (const [k, v] of MemoryAdapter.store) if (k.startsWith(`${this.model}:`) && v.uid === uid) return v;
    return undefined;
  }
  async consume(id: string): Promise<void> {
    const found = MemoryAdapter.store.get(this.key(id));
    if (found) found.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [k, v] of MemoryAdapter.store) if (v.grantId === grantId) MemoryAdapter.store.delete(k);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
