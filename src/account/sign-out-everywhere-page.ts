import { html } from '../web/html.ts';
import { csrfField } from '../web/form-field.ts';
import { layout, type PageFrame } from '../web/layout.ts';

/** What each button of the page posts as `confirm`: every Acme app, or this one only. */
export const SIGN_OUT_EVERYWHERE = { allApps: 'everywhere', thisApp: 'everywhere-this-app' } as const;

/**
 * GET /account/sessions/revoke-all: the step before signing out everywhere, with the choice of where:
 * this application only (the other Acme apps, and FusionAuth's SSO sessions, stay), or every
 * application of the tenant. POST forms, no script, and a way back.
 */
export function signOutEverywherePage(
  frame: Omit<PageFrame, 'title'> & { csrfToken: string },
  appName: string,
): string {
  const form = (confirm: string, button: string, style: string) =>
    html`<form method="post" action="/account/sessions/revoke-all">${csrfField(frame.csrfToken)}<input type="hidden" name="confirm" value="${confirm}"><button type="submit" class="${style}">${button}</button></form>`;
  return layout(
    { ...frame, title: 'Sign out everywhere?' },
    html`<section class="card narrow">
  <h1>Sign out everywhere?</h1>
  <p>Every browser and device signed in to your account is signed out, this one included. You will need your password to sign in again.</p>
  ${form(SIGN_OUT_EVERYWHERE.thisApp, `Only in ${appName}`, 'secondary')}
  <p class="hint">Your other Acme apps stay signed in.</p>
  ${form(SIGN_OUT_EVERYWHERE.allApps, 'Sign out everywhere', 'danger')}
  <p class="hint">In every Acme app, with your single sign-on sessions.</p>
  <p><a href="/account/sessions">Cancel</a></p>
</section>`,
  );
}
