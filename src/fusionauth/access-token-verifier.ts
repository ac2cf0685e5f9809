import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../errors.ts';
import { LruMap } from '../lru-map.ts';

const VERIFIED_TOKENS_KEPT = 5_000;

/** The access-token claims the app relies on (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens). */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  email?: string;
  applicationId?: string;
  roles?: string[];
  /** The id of the refresh token issued alongside. */
  sid?: string;
}

export type VerifiedAccessToken =
  { kind: 'valid'; claims: AccessTokenClaims } | { kind: 'expired' } | { kind: 'invalid' };

/**
 * Verifies FusionAuth access tokens locally: signature against FusionAuth's JWKS, issuer from its
 * OpenID discovery document, audience = this app's client id, expiry against the app's clock.
 */
export class AccessTokenVerifier {
  readonly #fusionAuthUrl: string;
  readonly #clientId: string;
  readonly #now: () => number;
  /** Claims of tokens whose signature, issuer and audience were checked, for the requests that follow. */
  readonly #verified = new LruMap<string, AccessTokenClaims>(VERIFIED_TOKENS_KEPT);
  #discovery: Promise<{ issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> }> | undefined;

  constructor(options: { fusionAuthUrl: string; clientId: string; now: () => number }) {
    this.#fusionAuthUrl = options.fusionAuthUrl;
    this.#clientId = options.clientId;
    this.#now = options.now;
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    // A token already verified needs only its expiry checked: same bytes, same signature.
    const known = this.#verified.get(token);
    if (known) return (known.exp ?? 0) * 1000 > this.#now() ? { kind: 'valid', claims: known } : { kind: 'expired' };
    const verified = await this.#verifySignature(token);
    if (verified.kind === 'valid') this.#verified.set(token, verified.claims);
    return verified;
  }

  async #verifySignature(token: string): Promise<VerifiedAccessToken> {
    const { issuer, jwks } = await this.#discover();
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: this.#clientId,
        currentDate: new Date(this.#now()),
        algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
      });
      if (typeof payload.sub !== 'string') return { kind: 'invalid' };
      return { kind: 'valid', claims: payload as AccessTokenClaims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { kind: 'expired' };
      if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message))) {
        throw new AppError('FUSIONAUTH_UNAVAILABLE', 'cannot fetch FusionAuth JWKS', { cause: error });
      }
      return { kind: 'invalid' };
    }
  }

  #discover() {
    this.#discovery ??= this.#fetchDiscovery().catch((error: unknown) => {
      this.#discovery = undefined;
      throw error;
    });
    return this.#discovery;
  }

  async #fetchDiscovery() {
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(`${this.#fusionAuthUrl}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new AppError('FUSIONAUTH_UNAVAILABLE', 'cannot read FusionAuth OpenID discovery', { cause: error });
    }
    if (typeof document.issuer !== 'string' || typeof document.jwks_uri !== 'string') {
      throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', 'FusionAuth discovery lacks issuer or jwks_uri');
    }
    return { issuer: document.issuer, jwks: createRemoteJWKSet(new URL(document.jwks_uri)) };
  }
}
