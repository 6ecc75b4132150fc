import { describe, expect, it } from 'vitest';
import { parseRoleMap } from '../../config-oidc.ts';
import { groupsFromClaims, hasClaimsToSignIn, rolesForGroups } from './oidc-roles.ts';

const MAP = parseRoleMap('kura-moderators=moderator,kura-leads=lead,kura-leads=moderator,kura-auditors=auditor,kura-admins=admin');

describe('rolesForGroups', () => {
  it('maps groups to roles in the usual role order, without duplicates', () => {
    expect(rolesForGroups(['kura-admins', 'kura-leads', 'kura-moderators'], MAP)).toEqual(['moderator', 'lead', 'admin']);
  });

  it('gives nothing for unmapped groups, and matches names exactly', () => {
    expect(rolesForGroups(['all-staff', 'Kura-Admins', 'kura-admins '], MAP)).toEqual([]);
    expect(rolesForGroups([], MAP)).toEqual([]);
  });
});

describe('groupsFromClaims', () => {
  it('reads an array claim and ignores what is not a string', () => {
    expect(groupsFromClaims({ groups: ['a', 7, null, 'b', { x: 1 }] }, 'groups')).toEqual(['a', 'b']);
  });

  it('takes a single string as one group', () => {
    expect(groupsFromClaims({ groups: 'kura-admins' }, 'groups')).toEqual(['kura-admins']);
  });

  it('follows a dotted path into nested claims', () => {
    expect(groupsFromClaims({ realm_access: { roles: ['kura-leads'] } }, 'realm_access.roles')).toEqual(['kura-leads']);
    expect(groupsFromClaims({ realm_access: ['kura-leads'] }, 'realm_access.roles')).toEqual([]);
  });

  it('prefers a claim named with dots (a namespaced URL) over a path', () => {
    const claims = { 'https://kura.example.co.jp/groups': ['kura-auditors'], https: { x: 1 } };
    expect(groupsFromClaims(claims, 'https://kura.example.co.jp/groups')).toEqual(['kura-auditors']);
  });

  it('never walks into the prototype', () => {
    expect(groupsFromClaims({}, 'constructor.name')).toEqual([]);
    expect(groupsFromClaims({}, '__proto__')).toEqual([]);
  });

  it('is empty when the claim is missing or of another kind', () => {
    expect(groupsFromClaims({}, 'groups')).toEqual([]);
    expect(groupsFromClaims({ groups: { admin: true } }, 'groups')).toEqual([]);
  });
});

describe('hasClaimsToSignIn', () => {
  it('needs both an email and the groups claim, even an empty one', () => {
    expect(hasClaimsToSignIn({ email: 'a@example.co.jp', groups: [] }, 'groups')).toBe(true);
    expect(hasClaimsToSignIn({ email: 'a@example.co.jp' }, 'groups')).toBe(false);
    expect(hasClaimsToSignIn({ groups: ['x'] }, 'groups')).toBe(false);
    expect(hasClaimsToSignIn({ email: 'a@example.co.jp', realm_access: { roles: [] } }, 'realm_access.roles')).toBe(true);
  });
});
