import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { oauthClientOf } from './oauth-client.ts';

/**
 * Where POST /logout sends the browser in oauth mode: FusionAuth's `/oauth2/logout`, which ends its
 * SSO session, so the next "Log in" shows the form again instead of signing the same person back in
 * silently. When FusionAuth cannot be reached the app session is already over; the browser goes home.
 */
export async function oauthLogoutUrl(ctx: AppContext, log: FastifyBaseLogger): Promise<string> {
  try {
    return (await oauthClientOf(ctx).buildEndSessionUrl()).href;
  } catch (error) {
    log.warn({ err: error }, 'cannot build the FusionAuth logout URL; its SSO session stays open');
    return '/';
  }
}
