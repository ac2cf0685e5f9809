import type { AccessDecision } from '../fusionauth/application-access.ts';
import type { Message } from '../web/message-page.ts';

/** Why a person whose password (and code) were right still may not use the application. */
export type AccessRefusal = Extract<AccessDecision, { allowed: false }>['reason'];

/**
 * One wording per reason, whichever flow refuses: the login form shows it beside the form, the OAuth
 * callback and the sign-in steps on a page of their own.
 */
export const REFUSAL_TEXT: Record<AccessRefusal, string> = {
  inactive: 'This account is locked or deactivated. Contact support to restore it.',
  'not-registered': 'This account is not registered for this application.',
  deactivated: 'This account has been deactivated for this application. Contact support to restore it.',
};

/** For a refusal FusionAuth gave no reason for that the person can act on (an action, an expiry…). */
const OTHER_REFUSAL_TEXT =
  'This account cannot sign in to this application right now. Contact support if you think this is wrong.';

/** The page for a refused sign-in: signing in again would be refused the same way, so it offers the way home. */
export function refusalMessage(reason: AccessRefusal | undefined): Message {
  return {
    title: 'You cannot sign in',
    text: reason ? REFUSAL_TEXT[reason] : OTHER_REFUSAL_TEXT,
    action: { href: '/', label: 'Go to the home page' },
  };
}
