import * as client from 'openid-client';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';

/** The parts of an OAuth transaction the callback needs back (kept server-side, in the session). */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export type AuthorizationPage = 'login' | 'register';

export interface OAuthClientSettings {
  fusionAuthUrl: string;
  clientId: string;
  clientSecret: string;
  /** APP_URL + '/oauth-callback', the kickstart's authorized redirect URL. */
  redirectUri: string;
  /** APP_URL + '/', the kickstart's logout URL. */
  postLogoutRedirectUri: string;
  /** Whether to ask for a refresh token (`offline_access`): only tokens mode keeps one. */
  offlineAccess: boolean;
}

/**
 * FusionAuth as an OpenID Provider, through openid-client: discovery (issuer checked against the
 * FusionAuth URL), authorization URLs with PKCE S256, the code exchange with its state, nonce, PKCE
 * and ID-token checks, and the end-session URL. Plain http is allowed only for an http FusionAuth URL
 * (development). Discovery is fetched once and retried after a failure.
 */
export class OAuthClient {
  readonly #settings: OAuthClientSettings;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OAuthClientSettings) {
    this.#settings = settings;
  }

  /** Fresh CSPRNG values for one transaction (never Math.random, which some examples use for `state`). */
  static newSecrets(): AuthorizationSecrets {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  /**
   * Where to send the browser: FusionAuth's hosted login (`/oauth2/authorize`) or registration
   * (`/oauth2/register`). `forceLogin` adds `prompt=login`: the form even over a live SSO session
   * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/prompt).
   */
  async buildAuthorizationUrl(
    page: AuthorizationPage,
    secrets: AuthorizationSecrets,
    options: { forceLogin?: boolean } = {},
  ): Promise<URL> {
    const configuration = await this.#discover();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#settings.redirectUri,
      // An id_token and the profile claims; a refresh token only when the session will keep it.
      scope: this.#settings.offlineAccess ? 'openid offline_access profile email' : 'openid profile email',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
      ...(options.forceLogin ? { prompt: 'login' } : {}),
    });
    // FusionAuth's registration page takes the authorize parameters at a sibling path (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints).
    if (page === 'register') url.pathname = url.pathname.replace(/\/authorize$/, '/register');
    return url;
  }

  /**
   * Validates the authorization response carried by the callback's query string (state, `iss`,
   * `error`) and exchanges its code (PKCE verifier; ID token signature, issuer, audience, expiry and
   * nonce). Throws openid-client's errors for a refused or invalid response, and AppError
   * FUSIONAUTH_UNAVAILABLE when FusionAuth cannot be reached or fails.
   */
  async exchangeCode(
    callbackQuery: string,
    secrets: AuthorizationSecrets,
  ): Promise<client.TokenEndpointResponse & client.TokenEndpointResponseHelpers> {
    const configuration = await this.#discover();
    // The redirect_uri sent to the token endpoint is this URL without its query: the registered one.
    const callbackUrl = new URL(this.#settings.redirectUri);
    callbackUrl.search = callbackQuery;
    try {
      return await client.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        pkceCodeVerifier: secrets.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw isUnreachable(error)
        ? new AppError('FUSIONAUTH_UNAVAILABLE', 'FusionAuth token endpoint unreachable or failing', { cause: error })
        : error;
    }
  }

  /**
   * FusionAuth's `/oauth2/logout` URL with client_id and post_logout_redirect_uri. No id_token_hint:
   * FusionAuth finds the application by client_id
   * (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/endpoints#logout), and an ID
   * token in a URL would carry the person's email and name into browser history and access logs.
   */
  async buildEndSessionUrl(): Promise<URL> {
    return client.buildEndSessionUrl(await this.#discover(), {
      client_id: this.#settings.clientId,
      post_logout_redirect_uri: this.#settings.postLogoutRedirectUri,
    });
  }

  /** FusionAuth's issuer as its discovery document names it (the tenant's `issuer`, not always a URL). */
  async issuer(): Promise<string> {
    return (await this.#discover()).serverMetadata().issuer;
  }

  #discover(): Promise<client.Configuration> {
    this.#configuration ??= this.#fetchConfiguration().catch((error: unknown) => {
      this.#configuration = undefined;
      throw error;
    });
    return this.#configuration;
  }

  async #fetchConfiguration(): Promise<client.Configuration> {
    const { fusionAuthUrl, clientId, clientSecret } = this.#settings;
    const server = new URL(fusionAuthUrl);
    try {
      const configuration = await client.discovery(
        server,
        clientId,
        undefined,
        client.ClientSecretBasic(clientSecret),
        {
          timeout: 5,
          ...(server.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        },
      );
      // Verify the ID token's signature against the JWKS too, not only its claims.
      client.enableNonRepudiationChecks(configuration);
      return configuration;
    } catch (error) {
      throw new AppError('FUSIONAUTH_UNAVAILABLE', 'cannot read FusionAuth OpenID discovery', { cause: error });
    }
  }
}

/** A network failure, a timeout or a 5xx: FusionAuth is down, not refusing. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  if (error instanceof client.AuthorizationResponseError) return false;
  if (error instanceof DOMException) return error.name === 'TimeoutError' || error.name === 'AbortError';
  if (error instanceof TypeError) return /fetch failed/i.test(error.message);
  if (error instanceof client.ClientError) {
    const cause: unknown = error.cause;
    return cause instanceof Response ? cause.status >= 500 : cause !== undefined && isUnreachable(cause);
  }
  return false;
}

const clients = new WeakMap<AppContext, OAuthClient>();

/** The app's one OAuth client, built from its configuration on first use. */
export function oauthClientOf(ctx: AppContext): OAuthClient {
  let oauth = clients.get(ctx);
  if (!oauth) {
    const { appUrl, fusionAuth } = ctx.config;
    oauth = new OAuthClient({
      fusionAuthUrl: fusionAuth.url,
      clientId: fusionAuth.clientId,
      clientSecret: fusionAuth.clientSecret,
      redirectUri: `${appUrl}/oauth-callback`,
      postLogoutRedirectUri: `${appUrl}/`,
      offlineAccess: ctx.config.session.mode === 'tokens',
    });
    clients.set(ctx, oauth);
  }
  return oauth;
}
