import { roles as allRoles, type Role } from '@kura/contracts';
import type { OidcRoleRule } from '../../config-oidc.ts';

/**
 * The configured groups claim: by its full name first (providers namespace custom claims with
 * URLs, dots included), else as a dotted path into nested objects.
 */
function readClaim(claims: Record<string, unknown>, claim: string): unknown {
  if (Object.hasOwn(claims, claim)) return claims[claim];
  if (!claim.includes('.')) return undefined;
  return claim.split('.').reduce<unknown>((at, key) => {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    return (at as Record<string, unknown>)[key];
  }, claims);
}

/**
 * The groups a person belongs to. A single string counts as one group; anything that is not a
 * string is ignored rather than guessed at.
 */
export function groupsFromClaims(claims: Record<string, unknown>, claim: string): string[] {
  const value = readClaim(claims, claim);
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}

/** Kura roles for those groups, in the usual role order; exact, case-sensitive group names. */
export function rolesForGroups(groups: readonly string[], rules: readonly OidcRoleRule[]): Role[] {
  const member = new Set(groups);
  const granted = new Set(rules.filter((r) => member.has(r.group)).map((r) => r.role));
  return allRoles.filter((r) => granted.has(r));
}

/**
 * Whether the ID token alone says who the person is and what groups they are in; many providers
 * keep email and groups out of it and answer them at the userinfo endpoint instead.
 */
export function hasClaimsToSignIn(claims: Record<string, unknown>, groupsClaim: string): boolean {
  return claims.email !== undefined && readClaim(claims, groupsClaim) !== undefined;
}
