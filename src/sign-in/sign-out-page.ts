import { html } from '../web/html.ts';
import { csrfField } from '../web/form-field.ts';
import { layout, type PageFrame } from '../web/layout.ts';

/** GET /logout: a confirmation with a button; visiting it never logs anyone out by itself. */
export function logoutPage(frame: Omit<PageFrame, 'title'>): string {
  return layout(
    { ...frame, title: 'Sign out' },
    html`<section class="card narrow">
  <h1>Sign out</h1>
  <p>${frame.signedInAs === null ? 'You are not signed in.' : 'Do you want to sign out of this browser?'}</p>
  ${
    frame.signedInAs === null
      ? html`<p><a class="button" href="/login">Sign in</a></p>`
      : html`<form method="post" action="/logout">${csrfField(frame.csrfToken ?? '')}<button type="submit">Sign out</button></form>`
  }
</section>`,
  );
}
