import type { LoginResponse, User } from '@fusionauth/typescript-client';
import type { FusionAuthAnswer } from './call-fusionauth.ts';
import { AppError } from '../errors.ts';

/** Tokens FusionAuth issued at login or registration; kept server-side only. */
export interface IssuedTokens {
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  refreshToken: string | undefined;
  refreshTokenId: string | undefined;
}

/** Every answer of FusionAuth's Login API (https://fusionauth.io/docs/apis/login), as a value. */
export type LoginOutcome =
  | { kind: 'ok'; user: User; tokens: IssuedTokens | undefined }
  | { kind: 'not-registered'; user: User }
  /** `trustToken`: when the 203 follows a two-factor code, FusionAuth may hand one back for the change. */
  | { kind: 'change-password'; changePasswordId: string; trustToken?: string }
  | { kind: 'verify-email'; email: string | undefined }
  | { kind: 'registration-unverified'; email: string | undefined }
  | { kind: 'two-factor'; twoFactorId: string }
  | { kind: 'invalid-credentials' }
  | { kind: 'prevented' }
  | { kind: 'expired' }
  | { kind: 'locked' }
  | { kind: 'invalid-request' };

/** Maps a Login API status code to its outcome. 404 covers both an unknown user and a wrong password. */
export function toLoginOutcome(answer: FusionAuthAnswer<LoginResponse>): LoginOutcome {
  const body = answer.response ?? {};
  switch (answer.statusCode) {
    case 200:
      if (!body.user) break;
      return { kind: 'ok', user: body.user, tokens: toIssuedTokens(body) };
    case 202:
      if (!body.user) break;
      return { kind: 'not-registered', user: body.user };
    case 203:
      return {
        kind: 'change-password',
        changePasswordId: body.changePasswordId ?? '',
        ...(body.trustToken ? { trustToken: body.trustToken } : {}),
      };
    case 212:
      return { kind: 'verify-email', email: body.user?.email };
    case 213:
      return { kind: 'registration-unverified', email: body.user?.email };
    case 242:
      return { kind: 'two-factor', twoFactorId: body.twoFactorId ?? '' };
    case 400:
      return { kind: 'invalid-request' };
    case 404:
      return { kind: 'invalid-credentials' };
    case 409:
      return { kind: 'prevented' };
    case 410:
      return { kind: 'expired' };
    case 423:
      return { kind: 'locked' };
  }
  throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `Login API answered ${answer.statusCode}`);
}

/** The tokens in a login or registration response, when it carries an access token. */
export function toIssuedTokens(body: {
  token?: string;
  tokenExpirationInstant?: number;
  refreshToken?: string;
  refreshTokenId?: string;
}): IssuedTokens | undefined {
  if (!body.token) return undefined;
  return {
    accessToken: body.token,
    accessTokenExpiresAt: body.tokenExpirationInstant ?? 0,
    refreshToken: body.refreshToken,
    refreshTokenId: body.refreshTokenId,
  };
}
