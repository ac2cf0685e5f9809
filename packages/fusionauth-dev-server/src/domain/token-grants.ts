/**
 * The tokens a login or a registration hands out: an access token, plus a refresh token when the
 * user is registered for the application and it generates refresh tokens (https://fusionauth.io/docs/apis/login).
 */
import type { DevServerContext } from '../context.ts';
import type { JsonObject, Registration, StoredApplication, StoredUser } from '../state/model.ts';
import { issueAccessToken, type AuthenticationType } from '../tokens/access-token.ts';
import { issueRefreshToken } from './refresh-tokens.ts';
import { generatesRefreshTokens } from './settings.ts';

export interface GrantRequest {
  user: StoredUser;
  application?: StoredApplication;
  registration?: Registration;
  authenticationType: AuthenticationType;
  metaData?: JsonObject;
}

export interface Grant {
  token: string;
  tokenExpirationInstant: number;
  refreshToken?: string;
  refreshTokenId?: string;
}

/** Issues the refresh token first, so the access token's `sid` can name it. */
export async function grantTokens(context: DevServerContext, request: GrantRequest): Promise<Grant> {
  const { user, application, registration } = request;
  const authInstant = context.now();
  const refresh =
    application && registration && generatesRefreshTokens(application)
      ? issueRefreshToken(context, user, application, authInstant, request.metaData)
      : undefined;
  const access = await issueAccessToken(context, {
    user,
    application,
    registration,
    authenticationType: request.authenticationType,
    refreshTokenId: refresh?.id,
    authInstant,
  });
  const grant: Grant = { token: access.token, tokenExpirationInstant: access.expirationInstant };
  if (refresh) Object.assign(grant, { refreshToken: refresh.token, refreshTokenId: refresh.id });
  return grant;
}
