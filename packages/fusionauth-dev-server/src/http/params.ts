/**
 * Path ids: a malformed UUID is a 400 `[couldNotConvert]<name>` and an unknown one a 404 with an empty
 * body, as FusionAuth answers (https://fusionauth.io/docs/apis/errors).
 */
import type { FastifyReply } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { findApplication } from '../domain/applications.ts';
import { findUser, isUuid } from '../domain/lookup.ts';
import type { StoredApplication, StoredUser } from '../state/model.ts';
import { fieldError, sendEmpty, sendErrors } from './errors.ts';

/** Answers 400 for a malformed id; returns whether the id is well-formed. */
export function checkUuidParam(reply: FastifyReply, name: string, value: string): boolean {
  const given = value;
  if (isUuid(value)) return true;
  sendErrors(
    reply,
    fieldError(
      name,
      'couldNotConvert',
      `Invalid ${name} [${given}]. This must be a valid UUID String (e.g. 25a872da-bb44-4af8-a43d-e7bcb5351ebc).`,
    ),
  );
  return false;
}

/** The user named in the path, or null once a 400/404 has been sent. */
export function userParam(context: DevServerContext, reply: FastifyReply, userId: string): StoredUser | null {
  if (!checkUuidParam(reply, 'userId', userId)) return null;
  const user = findUser(context, userId);
  if (!user) sendEmpty(reply, 404);
  return user ?? null;
}

/** The application named in the path, or null once a 400/404 has been sent. */
export function applicationParam(
  context: DevServerContext,
  reply: FastifyReply,
  applicationId: string,
): StoredApplication | null {
  if (!checkUuidParam(reply, 'applicationId', applicationId)) return null;
  const application = findApplication(context, applicationId);
  if (!application) sendEmpty(reply, 404);
  return application ?? null;
}
