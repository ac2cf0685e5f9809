import { html } from '../web/html.ts';
import { csrfField } from '../web/form-field.ts';
import { layout, type PageFrame } from '../web/layout.ts';

/** What the sign-out page offers: with FusionAuth's SSO session (LOGIN_FLOW=oauth), this app or all. */
export interface SignOutChoice {
  appName: string;
  /** Signed in through FusionAuth's hosted pages, so an SSO session may sign in the other apps too. */
  singleSignOn: boolean;
}

/** The two ways out over an SSO session, each a POST form naming its `scope`. */
function singleSignOnChoice(csrfToken: string, appName: string) {
  return html`<p>You may be signed in to other Acme apps with the same sign-in.</p>
  <form method="post" action="/logout">${csrfField(csrfToken)}<input type="hidden" name="scope" value="this-app"><button type="submit" class="secondary">Sign out of ${appName}</button></form>
  <p class="hint">The other Acme apps stay signed in; signing in here again asks for your password.</p>
  <form method="post" action="/logout">${csrfField(csrfToken)}<input type="hidden" name="scope" value="all-apps"><button type="submit">Sign out of all Acme apps</button></form>
  <p class="hint">Every Acme app open in this browser signs out, and so does your single sign-on session.</p>`;
}

/** GET /logout: a confirmation with a button (or the choice of this app or all); visiting it never logs anyone out by itself. */
export function logoutPage(frame: Omit<PageFrame, 'title'>, choice: SignOutChoice): string {
  const signedIn = frame.signedInAs !== null;
  return layout(
    { ...frame, title: 'Sign out' },
    html`<section class="card narrow">
  <h1>Sign out</h1>
  ${
    !signedIn
      ? html`<p>You are not signed in.</p><p><a class="button" href="/login">Sign in</a></p>`
      : choice.singleSignOn
        ? singleSignOnChoice(frame.csrfToken ?? '', choice.appName)
        : html`<p>Do you want to sign out of this browser?</p>
  <p class="hint">You signed in with ${choice.appName}'s own form: there is no single sign-on session, and each Acme app has its own sign-in.</p>
  <form method="post" action="/logout">${csrfField(frame.csrfToken ?? '')}<button type="submit">Sign out</button></form>`
  }
</section>`,
  );
}
