import { APP_NAME_SLOT } from './app-name.ts';
import { Html, html } from './html.ts';

const APP_NAME = new Html(APP_NAME_SLOT);

/** What every page needs to draw its header. */
export interface PageFrame {
  title: string;
  /** The signed-in person's email, or null when signed out. */
  signedInAs: string | null;
  /** CSRF token for the header's logout button; present when signed in. */
  csrfToken?: string;
  /** Load the passkey script (self-hosted; it reveals the page's passkey forms where WebAuthn works). */
  passkeys?: boolean;
}

/** A field marked invalid, or a form's error shown (not the passkey script's, hidden until it has one). */
const FORM_ERROR = /aria-invalid="true"|class="form-error" role="alert">/;

/**
 * The common page shell: one stylesheet, no script but the passkey pages', a header with the account
 * links. A page that shows a form error says so first in its title ("Error: …"), which a screen reader
 * reads on load (https://www.w3.org/WAI/WCAG22/Techniques/general/G88).
 */
export function layout(frame: PageFrame, body: Html): string {
  const title = FORM_ERROR.test(body.value) ? `Error: ${frame.title}` : frame.title;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${APP_NAME}</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${
  frame.passkeys
    ? html`<script src="/static/vendor/simplewebauthn-browser.js" defer></script>
<script src="/static/passkeys.js" defer></script>`
    : ''
}
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">${APP_NAME}</a>
  <nav aria-label="Account">${navigation(frame)}</nav>
</header>
<main id="main">
${body}
</main>
</body>
</html>
`.value;
}

function navigation(frame: PageFrame): Html {
  if (frame.signedInAs === null) {
    return html`<a href="/login">Sign in</a> <a href="/register" class="button">Register</a>`;
  }
  return html`<span class="who">${frame.signedInAs}</span>
    <a href="/account">Account</a>
    <a href="/account/sessions">Sessions</a>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${frame.csrfToken ?? ''}">
      <button type="submit" class="link">Sign out</button>
    </form>`;
}
