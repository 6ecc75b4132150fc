import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Role, roles as knownRoles } from '@kura/contracts';

// Sign-in settings, parsed from the environment that config.ts hands over (this module never
// reads process.env itself). Every problem names its variable.

export interface OidcRoleRule {
  group: string;
  role: Role;
}

export interface OidcConfig {
  /** The issuer identifier exactly as configured; discovery and the ID token's `iss` must match it. */
  issuer: string;
  clientId: string;
  /** Undefined: a public client that proves itself with PKCE alone (token auth method "none"). */
  clientSecret: string | undefined;
  /** Where the provider sends the browser back: Kura's public origin + /api/auth/oidc/callback. */
  redirectUrl: string;
  scopes: string[];
  /**
   * A claim name (namespaced URLs like https://example.com/groups included), else read as a
   * dotted path into nested claims (realm_access.roles).
   */
  groupsClaim: string;
  roleMap: OidcRoleRule[];
  /** Shown on the console's sign-in button next to the generic wording. */
  label: string | undefined;
}

export interface SignInConfig {
  oidc: OidcConfig | undefined;
  localLogin: boolean;
}

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = z.url({ protocol: /^https?$/ });

const SignInEnv = z.object({
  KURA_PUBLIC_URL: optional.pipe(httpUrl.optional()),
  KURA_OIDC_ISSUER: optional.pipe(httpUrl.optional()),
  KURA_OIDC_CLIENT_ID: optional.pipe(z.string().max(500).optional()),
  KURA_OIDC_CLIENT_SECRET: optional,
  KURA_OIDC_CLIENT_SECRET_FILE: optional,
  KURA_OIDC_REDIRECT_URL: optional.pipe(httpUrl.optional()),
  KURA_OIDC_SCOPES: optional,
  KURA_OIDC_GROUPS_CLAIM: optional.pipe(
    z
      .string()
      .regex(/^[^\s.]+(\.[^\s.]+)*$/, 'a claim name or a dotted path like realm_access.roles')
      .max(200)
      .optional(),
  ),
  KURA_OIDC_ROLE_MAP: optional,
  KURA_OIDC_LABEL: optional.pipe(z.string().max(60).optional()),
  KURA_LOCAL_LOGIN: optional.pipe(z.enum(['on', 'off']).optional()),
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

// Plain http would hand codes and ID tokens to anyone on the path; only a provider on this very
// machine (a local test or development IdP) may use it.
function secureOrLoopback(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || LOOPBACK.has(u.hostname);
}

/**
 * `group=role,group=role` (a group listed twice gets both roles), or a JSON object
 * `{"group": "role" | ["role", …]}` for group names holding commas or equals signs (LDAP DNs).
 */
export function parseRoleMap(value: string): OidcRoleRule[] {
  const rules: OidcRoleRule[] = [];
  const add = (group: string, role: unknown) => {
    const parsed = Role.safeParse(role);
    if (!group) throw new Error('an empty group name');
    if (!parsed.success) throw new Error(`"${String(role)}" is not a role (${knownRoles.join(', ')})`);
    if (!rules.some((r) => r.group === group && r.role === parsed.data)) rules.push({ group, role: parsed.data });
  };
  if (/^\s*[[{]/.test(value)) {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      throw new Error('not valid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('a JSON object of group → role');
    for (const [group, role] of Object.entries(json)) {
      for (const r of Array.isArray(role) ? role : [role]) add(group, r);
    }
  } else {
    for (const entry of value.split(',')) {
      if (entry.trim() === '') continue;
      const at = entry.lastIndexOf('=');
      if (at < 0) throw new Error(`"${entry.trim()}" is not group=role`);
      add(entry.slice(0, at).trim(), entry.slice(at + 1).trim());
    }
  }
  if (rules.length === 0) throw new Error('no group=role entries');
  return rules;
}

export function loadSignInConfig(env: Record<string, string | undefined>, cwd: string): SignInConfig | { problems: string[] } {
  const parsed = SignInEnv.safeParse(env);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`) };
  const e = parsed.data;
  const problems: string[] = [];
  const localLogin = (e.KURA_LOCAL_LOGIN ?? 'on') === 'on';

  const oidcVars = Object.entries(e).filter(([k, v]) => k.startsWith('KURA_OIDC_') && k !== 'KURA_OIDC_ISSUER' && v !== undefined);
  if (!e.KURA_OIDC_ISSUER) {
    for (const [k] of oidcVars) problems.push(`${k}: set KURA_OIDC_ISSUER too, or remove it`);
    if (!localLogin) problems.push('KURA_LOCAL_LOGIN: off needs OpenID Connect (KURA_OIDC_ISSUER), or nobody could sign in');
    return problems.length ? { problems } : { oidc: undefined, localLogin };
  }

  if (!secureOrLoopback(e.KURA_OIDC_ISSUER)) problems.push('KURA_OIDC_ISSUER: must be https (http only for localhost)');
  if (!e.KURA_OIDC_CLIENT_ID) problems.push('KURA_OIDC_CLIENT_ID: required with KURA_OIDC_ISSUER');

  let clientSecret = e.KURA_OIDC_CLIENT_SECRET;
  if (e.KURA_OIDC_CLIENT_SECRET && e.KURA_OIDC_CLIENT_SECRET_FILE) {
    problems.push('KURA_OIDC_CLIENT_SECRET_FILE: set either it or KURA_OIDC_CLIENT_SECRET, not both');
  } else if (e.KURA_OIDC_CLIENT_SECRET_FILE) {
    try {
      clientSecret = readFileSync(path.resolve(cwd, e.KURA_OIDC_CLIENT_SECRET_FILE), 'utf8').trim();
      if (!clientSecret) problems.push('KURA_OIDC_CLIENT_SECRET_FILE: the file is empty');
    } catch (err) {
      problems.push(`KURA_OIDC_CLIENT_SECRET_FILE: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  let redirectUrl = e.KURA_OIDC_REDIRECT_URL;
  if (!redirectUrl && e.KURA_PUBLIC_URL) redirectUrl = new URL(OIDC_CALLBACK_PATH, e.KURA_PUBLIC_URL).href;
  if (!redirectUrl) {
    problems.push('KURA_OIDC_REDIRECT_URL: required with KURA_OIDC_ISSUER (or set KURA_PUBLIC_URL)');
  } else if (new URL(redirectUrl).pathname !== OIDC_CALLBACK_PATH || new URL(redirectUrl).search || new URL(redirectUrl).hash) {
    problems.push(`KURA_OIDC_REDIRECT_URL: must be Kura's origin followed by ${OIDC_CALLBACK_PATH}`);
  } else if (!secureOrLoopback(redirectUrl)) {
    problems.push('KURA_OIDC_REDIRECT_URL: must be https (http only for localhost)');
  }

  const scopes = (e.KURA_OIDC_SCOPES ?? 'openid email profile').split(/[\s,]+/).filter(Boolean);
  if (!scopes.includes('openid')) problems.push('KURA_OIDC_SCOPES: must include openid');

  let roleMap: OidcRoleRule[] = [];
  if (!e.KURA_OIDC_ROLE_MAP) {
    problems.push('KURA_OIDC_ROLE_MAP: required with KURA_OIDC_ISSUER (e.g. kura-moderators=moderator,kura-admins=admin)');
  } else {
    try {
      roleMap = parseRoleMap(e.KURA_OIDC_ROLE_MAP);
    } catch (err) {
      problems.push(`KURA_OIDC_ROLE_MAP: ${(err as Error).message}`);
    }
  }

  if (problems.length) return { problems };
  return {
    localLogin,
    oidc: {
      issuer: e.KURA_OIDC_ISSUER,
      clientId: e.KURA_OIDC_CLIENT_ID!,
      clientSecret,
      redirectUrl: redirectUrl!,
      scopes,
      groupsClaim: e.KURA_OIDC_GROUPS_CLAIM ?? 'groups',
      roleMap,
      label: e.KURA_OIDC_LABEL,
    },
  };
}
