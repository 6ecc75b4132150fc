import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { OidcSignInErrorCode } from '@kura/contracts';
import type { DbTx, Role, StaffUser } from '@kura/db';
import type { OidcConfig } from '../../config-oidc.ts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { safeReturnPath } from '../../lib/return-path.ts';
import { deleteExpiredOidcSignIns, insertOidcSignIn, takeOidcSignIn } from '../../repositories/db/oidc-sign-in-repo.ts';
import { findStaffByIdentity, insertIdentity, lockIdentity, touchIdentity } from '../../repositories/db/staff-identity-repo.ts';
import { findStaffByEmail, insertStaffUser, setStaffRoles } from '../../repositories/db/staff-repo.ts';
import {
  IdentityProviderError,
  authorizationUrl,
  redeemAuthorization,
  type IdentityProviderFailure,
} from '../../repositories/identity/oidc-client.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Actor } from '../audit/events.ts';
import { hashPassword } from './passwords.ts';
import { groupsFromClaims, hasClaimsToSignIn, rolesForGroups } from './oidc-roles.ts';
import { openSession, type LoginResult } from './sessions.ts';

// Staff sign-in through OpenID Connect (authorization code flow with PKCE).
//
// /start makes a random binding value for the browser's cookie and keeps, under its SHA-256, the
// state, the nonce and where to land; the PKCE verifier is an HMAC of the binding value, so it is
// stored nowhere. /callback needs the same cookie (a sign-in started in another browser, or an
// attacker's callback URL, finds no row), takes the row (single use), checks state, and lets
// openid-client redeem the code and validate the ID token. The identity provider decides who the
// person is and which groups they are in; Kura decides which roles those groups give.

const SIGN_IN_TTL_MS = 10 * 60_000;
const PKCE_LABEL = 'kura-oidc-pkce-v1';
// Refusals of a person the provider vouched for; each has its own message on the login page.
type OidcRefusal = 'no_role' | 'disabled' | 'account_conflict' | 'no_email';

/** A sign-in that ends on the login page with a message; `logFields` never hold tokens. */
export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcSignInErrorCode,
    readonly logFields: Record<string, string | undefined> = {},
  ) {
    super(code);
  }
}

const OIDC_ACTOR: Actor = { type: 'system', id: 'oidc' };
const ANONYMOUS: Actor = { type: 'anonymous', id: 'anonymous' };
const Email = z.string().trim().toLowerCase().pipe(z.email().max(320));
// OpenID Connect: sub is at most 255 ASCII characters; the rest are refused as malformed.
const SUBJECT = /^[\x21-\x7e]{1,255}$/;

function oidcConfig(ctx: AppContext): OidcConfig {
  if (!ctx.config.oidc) throw notFound('sign-in method');
  return ctx.config.oidc;
}

export interface OidcStart {
  /** The provider's authorization URL to send the browser to. */
  location: string;
  /** Goes to the browser in an HttpOnly cookie and nowhere else. */
  binding: string;
}

export async function startOidcSignIn(ctx: AppContext, returnTo: string | null | undefined): Promise<OidcStart> {
  const cfg = oidcConfig(ctx);
  const binding = randomBytes(32).toString('base64url');
  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(32).toString('base64url');
  let location: string;
  try {
    location = await authorizationUrl(cfg, { state, nonce, codeVerifier: pkceVerifier(binding) });
  } catch (err) {
    throw fromProvider(err);
  }
  const now = ctx.now();
  await deleteExpiredOidcSignIns(ctx.db, now);
  await insertOidcSignIn(ctx.db, {
    bindingHash: sha256(binding),
    state,
    nonce,
    returnTo: safeReturnPath(returnTo),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS),
  });
  return { location, binding };
}

export interface OidcCallbackInput {
  /** The sign-in cookie's value; undefined when the browser sent none. */
  binding: string | undefined;
  params: URLSearchParams;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface OidcSignedIn extends LoginResult {
  returnTo: string;
}

export async function finishOidcSignIn(ctx: AppContext, input: OidcCallbackInput): Promise<OidcSignedIn> {
  const cfg = oidcConfig(ctx);
  const pending = input.binding ? await takeOidcSignIn(ctx.db, sha256(input.binding)) : undefined;
  const now = ctx.now();
  if (!pending || !input.binding) throw new OidcSignInError('oidc_expired', { reason: input.binding ? 'unknown_binding' : 'no_cookie' });
  if (pending.expiresAt <= now) throw new OidcSignInError('oidc_expired', { reason: 'expired' });
  if (!sameText(input.params.get('state') ?? '', pending.state)) throw new OidcSignInError('oidc_expired', { reason: 'state_mismatch' });

  let identity;
  try {
    identity = await redeemAuthorization(
      cfg,
      input.params,
      { state: pending.state, nonce: pending.nonce, codeVerifier: pkceVerifier(input.binding) },
      (claims) => hasClaimsToSignIn(claims, cfg.groupsClaim),
    );
  } catch (err) {
    throw fromProvider(err);
  }
  if (!SUBJECT.test(identity.subject)) throw new OidcSignInError('oidc_failed', { reason: 'malformed_subject' });

  const groups = groupsFromClaims(identity.claims, cfg.groupsClaim);
  const roles = rolesForGroups(groups, cfg.roleMap);
  const email = Email.safeParse(identity.claims.email);
  const person: Person = {
    issuer: identity.issuer,
    subject: identity.subject,
    email: email.success ? email.data : undefined,
    emailVerified: identity.claims.email_verified === true,
    name: displayName(identity.claims.name),
    groups,
    roles,
  };
  // An account is made at most once per person, and only with a role: hash its (unusable)
  // password before the transaction, so ~100 ms of scrypt does not hold a connection.
  const mayCreate = roles.length > 0 && !(await findStaffByIdentity(ctx.db, person.issuer, person.subject));
  const newPasswordHash = mayCreate ? await hashPassword(randomBytes(32).toString('base64url')) : null;

  const outcome = await ctx.db.transaction().execute(async (tx) => {
    await lockIdentity(tx, person.issuer, person.subject);
    // Read again: the round trips to the provider took time, and the session starts now.
    return signInPerson(ctx, tx, person, newPasswordHash, input, ctx.now());
  });
  if ('refused' in outcome) throw new OidcSignInError(`oidc_${outcome.refused}`);
  return { ...outcome, returnTo: pending.returnTo };
}

interface Person {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  groups: string[];
  roles: Role[];
}

/**
 * Inside the identity's lock. A refusal is returned, not thrown, so that its audit row commits.
 */
async function signInPerson(
  ctx: AppContext,
  tx: DbTx,
  person: Person,
  newPasswordHash: string | null,
  input: OidcCallbackInput,
  now: Date,
): Promise<LoginResult | { refused: OidcRefusal }> {
  const refuse = async (reason: OidcRefusal, userId: string | undefined) => {
    await appendAudit(
      tx,
      { actor: ANONYMOUS, requestId: input.requestId },
      {
        action: 'auth.login_failed',
        subject: { type: 'staff_user', id: userId ?? `oidc:${sha256(`${person.issuer} ${person.subject}`).slice(0, 12)}` },
        // The groups say why nobody got a role; capped, since some directories list hundreds.
        details: {
          method: 'oidc',
          reason,
          ...(reason === 'no_role' ? { groups: person.groups.slice(0, 20).map((g) => cleanText(g, 200)) } : {}),
        },
      },
      now,
    );
    return { refused: reason };
  };

  let user: StaffUser | undefined = await findStaffByIdentity(tx, person.issuer, person.subject);
  const linked = !user;
  if (!user) {
    // Nobody is created, or linked, without a role: a stranger to Kura leaves no account behind.
    if (person.roles.length === 0) return refuse('no_role', undefined);
    if (!person.email) return refuse('no_email', undefined);
    const existing = await findStaffByEmail(tx, person.email);
    if (existing) {
      // Linking hands the account to whoever the provider says owns the address, so only when
      // it vouches that the address was verified.
      if (!person.emailVerified) return refuse('account_conflict', existing.id);
      user = existing;
    } else {
      user = await createStaffUser(tx, person, newPasswordHash ?? (await hashPassword(randomBytes(32).toString('base64url'))), input, now);
    }
    await insertIdentity(tx, { issuer: person.issuer, subject: person.subject, userId: user.id, at: now });
  }
  if (user.disabled_at) return refuse('disabled', user.id);
  if (person.roles.length === 0) return refuse('no_role', user.id);

  if (!sameRoles(user.roles, person.roles)) {
    await setStaffRoles(tx, user.id, person.roles, now);
    await appendAudit(
      tx,
      { actor: OIDC_ACTOR, requestId: input.requestId },
      { action: 'staff.updated', subject: { type: 'staff_user', id: user.id }, details: { roles: { from: user.roles, to: person.roles } } },
      now,
    );
    user = { ...user, roles: person.roles };
  }
  await touchIdentity(tx, person.issuer, person.subject, now);
  return openSession(
    ctx,
    tx,
    user,
    { ip: input.ip, userAgent: input.userAgent, requestId: input.requestId, method: 'oidc', issuer: person.issuer, linked },
    now,
  );
}

async function createStaffUser(tx: DbTx, person: Person, passwordHash: string, input: OidcCallbackInput, now: Date): Promise<StaffUser> {
  const email = person.email!;
  const created = await insertStaffUser(tx, {
    email,
    displayName: person.name ?? email.split('@')[0]!,
    // Random and thrown away: the account has no usable password until an admin sets one.
    passwordHash,
    roles: person.roles,
    at: now,
  });
  // The email was free a moment ago in this transaction; losing a race to another account's
  // creation is a conflict, not a crash.
  if (!created) throw new OidcSignInError('oidc_account_conflict', { reason: 'email_taken_concurrently' });
  await appendAudit(
    tx,
    { actor: OIDC_ACTOR, requestId: input.requestId },
    { action: 'staff.created', subject: { type: 'staff_user', id: created.id }, details: { email: created.email, roles: created.roles } },
    now,
  );
  return created;
}

function fromProvider(err: unknown): OidcSignInError {
  // Anything else (the database, a bug) is not the provider's doing: let it surface as itself.
  if (!(err instanceof IdentityProviderError)) throw err;
  const codes: Record<IdentityProviderFailure, OidcSignInErrorCode> = {
    cancelled: 'oidc_cancelled',
    provider_error: 'oidc_provider_error',
    unavailable: 'oidc_unavailable',
    invalid_response: 'oidc_failed',
  };
  return new OidcSignInError(codes[err.failure], err.logFields);
}

// Claims are the provider's text: PostgreSQL cannot store U+0000 or a lone surrogate, and a
// control character has no business in a name shown in the console.
const UNSHOWABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function cleanText(value: string, max: number): string {
  return Array.from(value.replace(UNSHOWABLE, '').trim()).slice(0, max).join('');
}

function displayName(value: unknown): string | undefined {
  return typeof value === 'string' ? cleanText(value, 200) || undefined : undefined;
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}

function pkceVerifier(binding: string): string {
  return createHmac('sha256', binding).update(PKCE_LABEL).digest('base64url');
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
