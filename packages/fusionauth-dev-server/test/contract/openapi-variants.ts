/**
 * The other answers of an operation the OpenAPI walk checks besides its first: the states a FusionAuth answers
 * apart (the Login API's 202, 203, 242, 404 and 423, https://fusionauth.io/docs/apis/login), and the errors of
 * the OAuth and JWT endpoints, whose bodies have schemas of their own.
 */
import { randomUUID } from 'node:crypto';
import type { SpecOperation } from '../support/openapi-spec.ts';
import { PASSWORD } from './contract.ts';
import type { WalkRequest } from './openapi-requests.ts';
import type { WalkWorld } from './openapi-world.ts';

/** The extra requests of `operation`, sent right after its own. */
export function variantsOf(operation: SpecOperation, world: WalkWorld): WalkRequest[] {
  const apiKey = { path: operation.path, authorization: world.apiKey };
  const login = (loginId: string, password = PASSWORD) => ({
    ...apiKey,
    body: { loginId, password, applicationId: world.applicationId },
  });
  const client = { client_id: world.applicationId, client_secret: world.clientSecret };
  const oauth = (form: Record<string, string>) => ({ path: operation.path, authorization: null, form });
  switch (operation.operationId) {
    case 'loginWithId':
      return [
        login(world.unregisteredUser),
        login(world.passwordChangeUser),
        login(world.twoFactorUsers.disable.email),
        login(world.deactivatedUser),
        login(world.user.email, 'not-the-password'),
        { ...apiKey, body: { loginId: world.user.email, password: PASSWORD, applicationId: 'not-an-id' } },
      ];
    case 'retrieveUserWithId':
      return [{ ...apiKey, path: `/api/user/${world.twoFactorUsers.disable.id}` }];
    case 'createUserWithId':
      return [{ ...apiKey, path: `/api/user/${randomUUID()}`, body: { user: { email: 'not-an-address' } } }];
    case 'startTwoFactorLoginWithId':
      return [{ ...apiKey, body: { loginId: world.twoFactorUsers.disable.email, applicationId: world.applicationId } }];
    case 'exchangeRefreshTokenForJWTWithId':
      return [{ ...apiKey, body: { refreshToken: 'not-a-refresh-token' } }];
    case 'validateJWTWithId':
    case 'retrieveUserInfoFromAccessTokenWithId':
      return [{ path: operation.path, authorization: 'Bearer not-a-jwt' }];
    case 'createToken':
      return [
        oauth({ ...client, grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: 'http://localhost/' }),
        oauth({ ...client, grant_type: 'not-a-grant' }),
        oauth({ ...client, client_secret: 'not-the-secret', grant_type: 'refresh_token', refresh_token: 'x' }),
      ];
    case 'createIntrospect':
      return [oauth({ ...client, token: 'not-a-token' }), oauth({ token: 'not-a-token' })];
    default:
      return [];
  }
}
