import * as oidc from 'openid-client';
import type { OidcConfig } from '../../config-oidc.ts';

// The only code that talks to the OpenID Connect provider. Tokens stay inside this module: the
// access token is used for at most one userinfo call and the ID token only to be validated;
// callers get the validated claims and nothing else, so no token can end up in a log or a row.

export type IdentityProviderFailure =
  /** The person said no at the provider (access_denied). */
  | 'cancelled'
  /** The provider answered with an OAuth error (authorization or token endpoint). */
  | 'provider_error'
  /** The provider could not be reached, timed out, or its discovery document is unusable. */
  | 'unavailable'
  /** A response failed validation: ID token signature, issuer, audience, expiry, nonce, state, PKCE. */
  | 'invalid_response';

export class IdentityProviderError extends Error {
  constructor(
    readonly failure: IdentityProviderFailure,
    /** For logs: error names and codes only, never response bodies, tokens or claims. */
    readonly logFields: Record<string, string | undefined>,
  ) {
    super(`identity provider: ${failure}`);
  }
}

export interface VerifiedIdentity {
  /** `iss` of the validated ID token (equal to the configured issuer). */
  issuer: string;
  subject: string;
  /** ID token claims, completed from userinfo for wanted claims the ID token left out. */
  claims: Record<string, unknown>;
}

export interface AuthorizationChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const TIMEOUT_SECONDS = 10;
const discovered = new WeakMap<OidcConfig, Promise<oidc.Configuration>>();

function configuration(cfg: OidcConfig): Promise<oidc.Configuration> {
  let found = discovered.get(cfg);
  if (!found) {
    found = discover(cfg);
    discovered.set(cfg, found);
    // A provider that was down is asked again next time rather than remembered as down.
    found.catch(() => discovered.delete(cfg));
  }
  return found;
}

async function discover(cfg: OidcConfig): Promise<oidc.Configuration> {
  // config-oidc.ts allows plain http for a provider on localhost only.
  const insecure = new URL(cfg.issuer).protocol === 'http:';
  try {
    return await oidc.discovery(
      new URL(cfg.issuer),
      cfg.clientId,
      undefined,
      // client_secret_basic is what a registered confidential client uses unless told otherwise.
      cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None(),
      { timeout: TIMEOUT_SECONDS, execute: insecure ? [oidc.allowInsecureRequests] : [] },
    );
  } catch (err) {
    throw classify(err, 'unavailable');
  }
}

/** The provider's authorization endpoint with state, nonce and an S256 PKCE challenge. */
export async function authorizationUrl(cfg: OidcConfig, checks: AuthorizationChecks): Promise<string> {
  const config = await configuration(cfg);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUrl,
    scope: cfg.scopes.join(' '),
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  });
  return url.href;
}

/**
 * Validates the authorization response (state, `iss`), redeems the code with the PKCE verifier and
 * validates the ID token (signature, issuer, audience, expiry, nonce). When `complete` finds the
 * ID token's claims lacking, the userinfo endpoint fills in the claims the ID token does not have;
 * its answer must be about the same subject.
 */
export async function redeemAuthorization(
  cfg: OidcConfig,
  callbackParams: URLSearchParams,
  checks: AuthorizationChecks,
  complete: (claims: Record<string, unknown>) => boolean,
): Promise<VerifiedIdentity> {
  const config = await configuration(cfg);
  // The configured redirect URL, not the request's own URL: behind a proxy they differ, and the
  // token endpoint wants the exact redirect_uri that was authorised.
  const currentUrl = new URL(cfg.redirectUrl);
  for (const [k, v] of callbackParams) currentUrl.searchParams.append(k, v);
  try {
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new IdentityProviderError('invalid_response', { reason: 'no_id_token' });
    const claims: Record<string, unknown> = { ...idClaims };
    if (!complete(claims) && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      for (const [k, v] of Object.entries(info)) if (claims[k] === undefined) claims[k] = v;
    }
    return { issuer: idClaims.iss, subject: idClaims.sub, claims };
  } catch (err) {
    throw classify(err, 'invalid_response');
  }
}

function classify(err: unknown, otherwise: IdentityProviderFailure): IdentityProviderError {
  if (err instanceof IdentityProviderError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    // `error` is one of OAuth's registered codes or whatever the URL said; it is logged, the
    // free-text description (anyone can put anything in a URL) is not.
    const code = /^[a-z_]{1,64}$/.test(err.error) ? err.error : 'unrecognised';
    return new IdentityProviderError(code === 'access_denied' ? 'cancelled' : 'provider_error', { name: err.name, error: code });
  }
  if (err instanceof oidc.ResponseBodyError) {
    return new IdentityProviderError('provider_error', { name: err.name, error: err.error, status: String(err.status) });
  }
  const name = err instanceof Error ? err.name : typeof err;
  const unreachable = (err instanceof TypeError && err.message === 'fetch failed') || name === 'TimeoutError' || name === 'AbortError';
  if (unreachable) return new IdentityProviderError('unavailable', { name });
  const code = err instanceof oidc.ClientError ? err.code : undefined;
  return new IdentityProviderError(otherwise, { name, code, message: err instanceof oidc.ClientError ? err.message : undefined });
}
