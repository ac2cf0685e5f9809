import type { SessionRecord } from '../sessions/session-store.ts';

const METHODS: Record<NonNullable<SessionRecord['signedInWith']>, string> = {
  passkey: 'with a passkey',
  sso: 'through single sign-on (signed in to another Acme app, no password asked here)',
};

/** How the sessions page says a session was signed in, when not with a password typed in this app. */
export function signInMethodText(method: NonNullable<SessionRecord['signedInWith']>): string {
  return METHODS[method];
}
