import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { parseRoleMap } from './config-oidc.ts';

const SSO = {
  KURA_OIDC_ISSUER: 'https://login.example.co.jp/realms/staff',
  KURA_OIDC_CLIENT_ID: 'kura',
  KURA_OIDC_CLIENT_SECRET: 'client-secret-value',
  KURA_PUBLIC_URL: 'https://kura.example.co.jp',
  KURA_OIDC_ROLE_MAP: 'kura-moderators=moderator,kura-leads=lead,kura-auditors=auditor,kura-admins=admin',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/kura');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('sign-in configuration', () => {
  it('defaults to password sign-in only', () => {
    const c = loadConfig({}, '/srv/kura');
    expect(c.oidc).toBeUndefined();
    expect(c.localLogin).toBe(true);
  });

  it('reads OpenID Connect settings, deriving the redirect URL from the public URL', () => {
    const c = loadConfig({ ...SSO, KURA_LOCAL_LOGIN: 'off', KURA_OIDC_LABEL: 'Example ID' }, '/srv/kura');
    expect(c.localLogin).toBe(false);
    expect(c.oidc).toEqual({
      issuer: 'https://login.example.co.jp/realms/staff',
      clientId: 'kura',
      clientSecret: 'client-secret-value',
      redirectUrl: 'https://kura.example.co.jp/api/auth/oidc/callback',
      scopes: ['openid', 'email', 'profile'],
      groupsClaim: 'groups',
      roleMap: [
        { group: 'kura-moderators', role: 'moderator' },
        { group: 'kura-leads', role: 'lead' },
        { group: 'kura-auditors', role: 'auditor' },
        { group: 'kura-admins', role: 'admin' },
      ],
      label: 'Example ID',
    });
  });

  it('takes the client secret from a file, and a public client without one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kura-oidc-'));
    writeFileSync(path.join(dir, 'secret'), 'from-a-file\n');
    const { KURA_OIDC_CLIENT_SECRET: _, ...noSecret } = SSO;
    expect(loadConfig({ ...noSecret, KURA_OIDC_CLIENT_SECRET_FILE: 'secret' }, dir).oidc!.clientSecret).toBe('from-a-file');
    expect(loadConfig(noSecret, dir).oidc!.clientSecret).toBeUndefined();
    expect(problemsOf({ ...noSecret, KURA_OIDC_CLIENT_SECRET_FILE: '/nonexistent/secret' }).join()).toMatch(
      /^KURA_OIDC_CLIENT_SECRET_FILE: cannot read it \(ENOENT\)/,
    );
    expect(problemsOf({ ...SSO, KURA_OIDC_CLIENT_SECRET_FILE: 'secret' }).join()).toContain('KURA_OIDC_CLIENT_SECRET_FILE: set either');
  });

  it('accepts a groups claim path, extra scopes and an explicit redirect URL', () => {
    const c = loadConfig(
      {
        ...SSO,
        KURA_PUBLIC_URL: '',
        KURA_OIDC_REDIRECT_URL: 'https://kura.internal/api/auth/oidc/callback',
        KURA_OIDC_GROUPS_CLAIM: 'realm_access.roles',
        KURA_OIDC_SCOPES: 'openid email groups',
      },
      '/',
    );
    expect(c.oidc).toMatchObject({
      redirectUrl: 'https://kura.internal/api/auth/oidc/callback',
      groupsClaim: 'realm_access.roles',
      scopes: ['openid', 'email', 'groups'],
    });
  });

  it('allows plain http only for a provider and callback on localhost', () => {
    const local = { ...SSO, KURA_OIDC_ISSUER: 'http://localhost:9000', KURA_PUBLIC_URL: 'http://127.0.0.1:8080' };
    expect(loadConfig(local, '/').oidc!.issuer).toBe('http://localhost:9000');
    expect(problemsOf({ ...SSO, KURA_OIDC_ISSUER: 'http://idp.example.co.jp' })).toEqual([
      'KURA_OIDC_ISSUER: must be https (http only for localhost)',
    ]);
    expect(problemsOf({ ...SSO, KURA_PUBLIC_URL: 'http://kura.example.co.jp' })).toEqual([
      'KURA_OIDC_REDIRECT_URL: must be https (http only for localhost)',
    ]);
  });

  it.each([
    [{ ...SSO, KURA_OIDC_ISSUER: 'not a url' }, 'KURA_OIDC_ISSUER'],
    [{ ...SSO, KURA_OIDC_CLIENT_ID: '' }, 'KURA_OIDC_CLIENT_ID: required'],
    [{ ...SSO, KURA_PUBLIC_URL: '' }, 'KURA_OIDC_REDIRECT_URL: required'],
    [{ ...SSO, KURA_OIDC_REDIRECT_URL: 'https://kura.example.co.jp/callback' }, 'KURA_OIDC_REDIRECT_URL: must be'],
    [{ ...SSO, KURA_OIDC_ROLE_MAP: '' }, 'KURA_OIDC_ROLE_MAP: required'],
    [{ ...SSO, KURA_OIDC_ROLE_MAP: 'kura-admins=root' }, 'KURA_OIDC_ROLE_MAP: "root" is not a role'],
    [{ ...SSO, KURA_OIDC_ROLE_MAP: 'kura-admins' }, 'KURA_OIDC_ROLE_MAP: "kura-admins" is not group=role'],
    [{ ...SSO, KURA_OIDC_SCOPES: 'email profile' }, 'KURA_OIDC_SCOPES: must include openid'],
    [{ ...SSO, KURA_OIDC_GROUPS_CLAIM: 'a..b' }, 'KURA_OIDC_GROUPS_CLAIM'],
    [{ ...SSO, KURA_LOCAL_LOGIN: 'no' }, 'KURA_LOCAL_LOGIN'],
    [{ KURA_LOCAL_LOGIN: 'off' }, 'KURA_LOCAL_LOGIN: off needs OpenID Connect'],
    [{ KURA_OIDC_CLIENT_ID: 'kura' }, 'KURA_OIDC_CLIENT_ID: set KURA_OIDC_ISSUER too'],
  ])('a bad sign-in setting stops start-up naming the variable (%#)', (env, expected) => {
    expect(problemsOf(env as Record<string, string>).join('\n')).toContain(expected);
  });

  it('reports sign-in problems together with the other variables', () => {
    const problems = problemsOf({ PORT: 'eighty', KURA_LOCAL_LOGIN: 'off' });
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('KURA_LOCAL_LOGIN:'))).toBe(true);
  });
});

describe('parseRoleMap', () => {
  it('reads group=role pairs; a group listed twice gets both roles', () => {
    expect(parseRoleMap(' staff-leads = lead , staff-leads=moderator,,ops=admin ')).toEqual([
      { group: 'staff-leads', role: 'lead' },
      { group: 'staff-leads', role: 'moderator' },
      { group: 'ops', role: 'admin' },
    ]);
  });

  it('reads JSON for group names with commas or equals signs', () => {
    expect(parseRoleMap('{"CN=Kura Leads,OU=Groups,DC=example": ["lead", "moderator"], "CN=Audit,DC=example": "auditor"}')).toEqual([
      { group: 'CN=Kura Leads,OU=Groups,DC=example', role: 'lead' },
      { group: 'CN=Kura Leads,OU=Groups,DC=example', role: 'moderator' },
      { group: 'CN=Audit,DC=example', role: 'auditor' },
    ]);
    expect(() => parseRoleMap('{"a": "superuser"}')).toThrow('"superuser" is not a role');
    expect(() => parseRoleMap('{not json')).toThrow('not valid JSON');
    expect(() => parseRoleMap('["lead"]')).toThrow('a JSON object');
  });

  it('refuses an empty map and an empty group name', () => {
    expect(() => parseRoleMap(' , ')).toThrow('no group=role entries');
    expect(() => parseRoleMap('=admin')).toThrow('an empty group name');
  });
});
