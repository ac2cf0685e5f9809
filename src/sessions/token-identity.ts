import type { User } from '@fusionauth/typescript-client';
import type { AppContext } from '../app-context.ts';
import { DEACTIVATED_ROLE } from '../fusionauth/application-access.ts';
import type { AccessTokenClaims } from '../fusionauth/access-token-verifier.ts';
import type { ActiveSession } from './session-manager.ts';

/** What the tokens of a session say about the person. */
export type TokenIdentity =
  | { kind: 'signed-in'; session: ActiveSession; user: User }
  /** The tokens no longer sign anyone in; the session is to end. */
  | { kind: 'session-ended' }
  /** The token says the user may not use the app (not registered, deactivated). */
  | { kind: 'user-barred'; userId: string };

/**
 * Tokens mode: the user comes from the access token's claims, verified locally — no FusionAuth call
 * while it is valid. An expired token is refreshed once (single-flight); a refused refresh ends it.
 */
export async function identifyFromTokens(ctx: AppContext, session: ActiveSession): Promise<TokenIdentity> {
  const accessToken = session.record.tokens?.accessToken;
  if (!accessToken) return { kind: 'session-ended' };
  let verified = await ctx.accessTokens.verify(accessToken);
  let current = session;
  if (verified.kind === 'expired') {
    const refreshed = await ctx.tokenRefresher.refresh(ctx, session);
    if (!refreshed?.record.tokens) return { kind: 'session-ended' };
    current = refreshed;
    verified = await ctx.accessTokens.verify(refreshed.record.tokens.accessToken);
  }
  if (verified.kind !== 'valid') return { kind: 'session-ended' };
  const { claims } = verified;
  if (!isAllowed(claims, ctx.fusionAuth.applicationId)) return { kind: 'user-barred', userId: claims.sub };
  return { kind: 'signed-in', session: current, user: ctx.users.peek(claims.sub) ?? userFromClaims(claims) };
}

/** A token without this application's id (not registered), or with `deactivated`, is not a login. */
function isAllowed(claims: AccessTokenClaims, applicationId: string): boolean {
  return claims.applicationId === applicationId && !(claims.roles ?? []).includes(DEACTIVATED_ROLE);
}

function userFromClaims(claims: AccessTokenClaims): User {
  return { id: claims.sub, email: claims.email };
}
