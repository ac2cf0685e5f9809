/**
 * The Login API's answer for an outcome, shared by `POST /api/login` and `POST /api/two-factor/login`
 * (https://fusionauth.io/docs/apis/login): 404/410/423 empty; 242 `{twoFactorId, methods}`; 203 `{changePasswordId,
 * changePasswordReason}`; 212 and 213 `{user}`; 200/202 the tokens (unless `noJWT`) and the user.
 */
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { LOGIN_STATUS, type LoginOutcome } from '../domain/authenticate.ts';
import { issuePendingId } from '../domain/pending-ids.ts';
import { grantTokens } from '../domain/token-grants.ts';
import { twoFactorMethodsView } from '../domain/two-factor.ts';
import { recordLogin } from '../domain/users.ts';
import { userView } from '../domain/views.ts';
import { setTokenCookies } from '../http/cookies.ts';
import { sendEmpty } from '../http/errors.ts';
import type { JsonObject } from '../state/model.ts';
import type { AuthenticationType } from '../tokens/access-token.ts';

export interface LoginRequestFacts {
  noJWT: boolean;
  ipAddress: string;
  metaData: JsonObject;
  authenticationType: AuthenticationType;
  /** Added to every answer with a body after the credentials: the two-factor login's `trustToken`. */
  extra?: JsonObject;
}

/** Sends the answer for `outcome`, creating the twoFactorId or changePasswordId it needs. */
export async function sendLoginOutcome(
  context: DevServerContext,
  reply: FastifyReply,
  outcome: LoginOutcome,
  facts: LoginRequestFacts,
): Promise<FastifyReply> {
  const status = LOGIN_STATUS[outcome.kind];
  switch (outcome.kind) {
    case 'not-found':
    case 'locked':
    case 'expired':
      return sendEmpty(reply, status);
    case 'two-factor': {
      const pending = issuePendingId(
        context,
        'two-factor',
        outcome.user,
        outcome.application ? { applicationId: outcome.application.id } : {},
      );
      return reply.code(status).send({ twoFactorId: pending.id, methods: twoFactorMethodsView(outcome.user) });
    }
    case 'change-password': {
      const pending = issuePendingId(context, 'change-password', outcome.user, { viaEmail: false }, true);
      return reply
        .code(status)
        .send({ changePasswordId: pending.id, changePasswordReason: outcome.reason, ...facts.extra });
    }
    case 'verify-email':
    case 'registration-unverified':
      return reply.code(status).send({ user: userView(outcome.user), ...facts.extra });
    case 'ok':
    case 'not-registered':
      break;
  }
  const registration = outcome.kind === 'ok' ? outcome.registration : undefined;
  recordLogin(context, outcome.user, registration, {
    applicationId: outcome.application?.id,
    authenticationType: facts.authenticationType,
    ipAddress: facts.ipAddress,
  });
  const response: JsonObject = { ...facts.extra };
  if (!facts.noJWT) {
    const grant = await grantTokens(context, {
      user: outcome.user,
      application: outcome.application,
      registration,
      authenticationType: facts.authenticationType,
      metaData: facts.metaData,
    });
    Object.assign(response, grant);
    setTokenCookies(reply, grant);
  }
  response.user = userView(outcome.user);
  return reply.code(status).send(response);
}
