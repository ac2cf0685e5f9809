import { html } from '../web/html.ts';
import { csrfField } from '../web/form-field.ts';
import { layout } from '../web/layout.ts';

/** What an emailed link confirms: the address (the Login API's 212) or the registration (213). */
export type VerificationKind = 'email' | 'registration';

const WORDS: Record<
  VerificationKind,
  { checkTitle: string; what: string; path: string; confirmTitle: string; button: string }
> = {
  email: {
    checkTitle: 'Check your email',
    what: 'your email address',
    path: '/verify-email',
    confirmTitle: 'Confirm your email address',
    button: 'Confirm my email address',
  },
  registration: {
    checkTitle: 'Confirm your registration',
    what: 'your registration',
    path: '/verify-registration',
    confirmTitle: 'Confirm your registration',
    button: 'Confirm my registration',
  },
};

/** The path of a kind's pages: `/verify-email` or `/verify-registration`. */
export function verificationPath(kind: VerificationKind): string {
  return WORDS[kind].path;
}

/** After a 212 or 213 (or a registration to confirm): the link is on its way; one button sends a new one. */
export function checkEmailPage(form: {
  kind: VerificationKind;
  csrfToken: string;
  email: string;
  resent?: boolean;
}): string {
  const words = WORDS[form.kind];
  return layout(
    { title: words.checkTitle, signedInAs: null },
    html`<section class="card narrow">
  <h1>${words.checkTitle}</h1>
  ${form.resent ? html`<p class="notice" role="status">We sent a new link. It may take a minute to arrive.</p>` : ''}
  <p>Before you can sign in, confirm ${words.what} with the link we sent to <strong>${form.email}</strong>.</p>
  <form method="post" action="${words.path}/resend">
    ${csrfField(form.csrfToken)}
    <input type="hidden" name="email" value="${form.email}">
    <button type="submit" class="secondary">Send the link again</button>
  </form>
</section>`,
  );
}

/** GET /verify-email/{id} or /verify-registration/{id}: a button, so that a link scanner's GET confirms nothing. */
export function confirmLinkPage(form: { kind: VerificationKind; csrfToken: string; action: string }): string {
  const words = WORDS[form.kind];
  return layout(
    { title: words.confirmTitle, signedInAs: null },
    html`<section class="card narrow">
  <h1>${words.confirmTitle}</h1>
  <form method="post" action="${form.action}">
    ${csrfField(form.csrfToken)}
    <button type="submit">${words.button}</button>
  </form>
</section>`,
  );
}
