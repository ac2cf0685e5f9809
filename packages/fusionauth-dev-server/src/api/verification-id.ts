/**
 * The `verificationId` that the Verify Email and Verify Registration APIs take: in the JSON body, or
 * in the deprecated URL segment (https://fusionauth.io/docs/apis/users/verify-email).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject } from '../http/body.ts';
import { fieldError, sendErrors } from '../http/errors.ts';

/** The routes of both verify APIs: the id may come as a URL segment; the resend takes a query. */
export interface VerifyGeneric {
  Params: { verificationId?: string };
  Querystring: Record<string, string | undefined>;
}
export type VerifyRoute = FastifyRequest<VerifyGeneric>;

/** The body's `verificationId`, else the URL segment's; undefined when neither is given. */
export function verificationIdOf(request: VerifyRoute): string | undefined {
  const body = bodyObject(request.body);
  if (typeof body.verificationId === 'string' && body.verificationId !== '') return body.verificationId;
  return request.params.verificationId || undefined;
}

/** FusionAuth's 400 for a verify request without an id. */
export function sendMissingVerificationId(reply: FastifyReply): FastifyReply {
  return sendErrors(reply, fieldError('verificationId', 'blank', 'You must specify the [verificationId] property.'));
}
