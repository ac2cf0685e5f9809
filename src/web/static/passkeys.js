// Passkeys on the account and login pages. Without WebAuthn (or without this script) the passkey controls stay
// hidden and everything else works as plain HTML forms. With it: ask the app for the ceremony's options (the
// app asks FusionAuth), let the browser answer them with @simplewebauthn/browser, and submit the form with
// the answer in its `credential` field; the server has FusionAuth verify it.
(() => {
  const webAuthn = window.SimpleWebAuthnBrowser;
  if (!webAuthn || !webAuthn.browserSupportsWebAuthn()) return;
  for (const element of document.querySelectorAll('[data-passkey]')) element.hidden = false;

  async function ceremony(form, optionsUrl, registering, action) {
    const errorLine = form.querySelector('[data-passkey-error]');
    errorLine.hidden = true;
    try {
      const answer = await fetch(optionsUrl, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      const body = await answer.json();
      // An account change made long after signing in: the app first asks the person to confirm it is them.
      if (answer.status === 401 && body.confirm) return window.location.assign(body.confirm);
      if (!answer.ok) throw new Error(body.error || 'The passkey could not be started. Reload the page and try again.');
      const credential = registering
        ? await webAuthn.startRegistration({ optionsJSON: body.options })
        : await webAuthn.startAuthentication({ optionsJSON: body.options });
      form.elements.namedItem('credential').value = JSON.stringify(credential);
      form.action = action;
      form.submit();
    } catch (error) {
      // The person closed the browser's dialog, or no passkey matched: say so next to the button.
      errorLine.textContent =
        error instanceof Error && error.name !== 'NotAllowedError'
          ? error.message
          : registering
            ? 'No passkey was made. Try again.'
            : 'No passkey was used. Try again, or use your password.';
      errorLine.hidden = false;
    }
  }

  for (const form of document.querySelectorAll('form[data-passkey-register]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      ceremony(form, form.getAttribute('data-passkey-register'), true, form.action);
    });
  }
  for (const button of document.querySelectorAll('button[data-passkey-submit]')) {
    button.addEventListener('click', (event) => {
      event.preventDefault();
      ceremony(button.form, button.getAttribute('data-passkey-submit'), false, button.formAction);
    });
  }
})();
