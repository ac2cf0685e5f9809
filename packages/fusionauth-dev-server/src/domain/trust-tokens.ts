/**
 * Trust for changing a password (https://fusionauth.io/docs/apis/users/change-password and
 * https://fusionauth.io/docs/apis/login, "Complete Multi-Factor Authentication"): since 1.33.0 a user with two-factor on must present a `trustToken` —
 * handed back by a completed two-factor login — to change the password, else 400
 * `[TrustTokenRequired]`. A `trustChallenge` given to the Two-Factor Start API binds the token: the
 * change must repeat it. Guessed: a token is used up by the change it allows.
 */
import type { DevServerContext } from '../context.ts';
import { generalError } from '../http/errors.ts';
import type { PendingId, StoredUser } from '../state/model.ts';
import { findPendingId, issuePendingId } from './pending-ids.ts';
import { hasTwoFactor } from './two-factor.ts';

/** FusionAuth's answer when trust is missing [fusionauth-examples/errors/requires-trust-token-response.json]. */
export const TRUST_TOKEN_REQUIRED = generalError(
  '[TrustTokenRequired]',
  'This request requires a Trust Token. Use the Start Two-Factor API to obtain a Trust Token required to complete this request.',
);

/** A trustToken for the user, bound to the challenge the two-factor login started with (if any). */
export function issueTrustToken(context: DevServerContext, user: StoredUser, trustChallenge: unknown): string {
  return issuePendingId(context, 'trust-token', user, typeof trustChallenge === 'string' ? { trustChallenge } : {}).id;
}

/**
 * Whether a password change for `user` may go ahead: `not-needed` without two-factor, the trust
 * token that allows it (to be used up), or `required` when the token is missing, foreign, expired
 * or its challenge does not match.
 */
export function checkTrust(
  context: DevServerContext,
  user: StoredUser,
  presented: { trustToken?: unknown; trustChallenge?: unknown },
): 'not-needed' | 'required' | PendingId {
  if (!hasTwoFactor(user)) return 'not-needed';
  const token = findPendingId(
    context,
    'trust-token',
    typeof presented.trustToken === 'string' ? presented.trustToken : undefined,
  );
  if (!token || token.userId !== user.id) return 'required';
  const challenge = token.data.trustChallenge;
  return challenge === undefined || challenge === presented.trustChallenge ? token : 'required';
}
