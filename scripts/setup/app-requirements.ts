/**
 * What this app needs from FusionAuth, in one place: the names setup finds its objects by, the roles,
 * the token lifetimes and the webhook events. Names are FusionAuth-unique (key names must be
 * (https://fusionauth.io/docs/apis/keys)) and match kickstart/kickstart.json, so setup also adopts a kickstarted FusionAuth.
 */
import type { ApplicationRole, EventType } from '@fusionauth/typescript-client';

export const APPLICATION_NAME = 'Acme Account';
export const ACCESS_TOKEN_KEY_NAME = 'Fastify example app token signing key';
export const WEBHOOK_KEY_NAME = 'App webhook signing key';
export const WEBHOOK_DESCRIPTION = "Revokes the app's sessions when a user is deleted, deactivated or barred";
/** The second application of the tenant (`--billing-app-url`), for single sign-on across two apps. */
export const BILLING_APPLICATION_NAME = 'Acme Billing';
export const BILLING_WEBHOOK_DESCRIPTION =
  'Acme Billing: revokes its sessions when a user is deleted, deactivated or barred, or an SSO session ends';

/** `user` is given at registration; `deactivated` bars someone from the app while keeping the account. */
export const ROLES: readonly ApplicationRole[] = [
  { name: 'user', isDefault: true, isSuperRole: false, description: 'A signed-up user' },
  { name: 'admin', isDefault: false, isSuperRole: true, description: 'Administrators' },
  { name: 'deactivated', isDefault: false, isSuperRole: false, description: 'Barred from the app, account kept' },
];

/** Short-lived access tokens (the kickstart's 300 s) and FusionAuth's default 30-day refresh tokens. */
export const ACCESS_TOKEN_TTL_SECONDS = 300;
export const REFRESH_TOKEN_TTL_MINUTES = 43_200;

/** The events the app's receiver (src/revocation/webhook-receiver.ts) is sent; FusionAuth sends one only when both the tenant and the webhook enable it. */
export const WEBHOOK_EVENTS = [
  'jwt.refresh-token.revoke',
  'user.deactivate',
  'user.delete',
  'user.login.success',
  'user.reactivate',
  'user.registration.create',
  'user.registration.delete',
  'user.registration.update',
  'user.update',
] as const satisfies readonly `${EventType}`[];

/**
 * The app's OAuth URLs (src/sign-in/oauth-*.ts, src/sign-in/front-channel-logout.ts): the callback, the
 * home page FusionAuth's logout returns to (`post_logout_redirect_uri`, so an authorized redirect URL),
 * and the front-channel logout URL FusionAuth's logout page loads in an iframe.
 */
export function appRedirects(appUrl: string): { callbackUrl: string; homeUrl: string; logoutUrl: string } {
  return {
    callbackUrl: `${appUrl}/oauth-callback`,
    homeUrl: `${appUrl}/`,
    logoutUrl: `${appUrl}/logout/front-channel`,
  };
}
