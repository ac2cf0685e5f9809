/**
 * The hosted pages that only say something, with the headings and texts of FusionAuth's default
 * theme: registration required (`oauth2/authorized-not-registered`), forgot-password message sent
 * (`password/sent`), password updated (`password/complete`), logging out (`oauth2/logout`) and
 * verification required (`email/verification-required`, `registration/verification-required`).
 */
import { html } from '../http/html.ts';
import { link, type HostedView } from './hosted-page.ts';

/** A signed-in user who is not registered for an application that requires registration. */
export function registrationRequiredPage(): HostedView {
  return {
    heading: 'Registration Required',
    body: html`<span>Registration is required to access this application and your account has not been registered for this application. Please complete your registration and try again.</span>`,
  };
}

/** After `POST /password/forgot`; `loginAgain` is the login page's address, when known. */
export function forgotPasswordSentPage(loginId: string, loginAgain?: string): HostedView {
  return {
    heading: 'Message sent',
    body: html`<p>We have sent a message to ${loginId} containing a link that will allow you to reset your password. Once you receive the message follow the instructions to change your password.</p>
${loginAgain ? html`<p>${link(loginAgain, 'Return to login')}</p>` : ''}`,
  };
}

/** After a password changed through an emailed link. */
export function passwordUpdatedPage(): HostedView {
  return { heading: 'Password updated', body: html`<p>Your password has been updated successfully.</p>` };
}

/**
 * After a self-service registration whose email or registration must be verified first: FusionAuth's
 * "Verification required" page for a link verified outside this request (no code form, no resend).
 */
export function verificationRequiredPage(what: 'email' | 'registration'): HostedView {
  const noun = what === 'email' ? 'email address' : 'registration';
  return {
    heading: 'Verification required',
    body: html`<p>You must verify your ${noun} before you continue.</p>
<p>${what === 'email' ? 'Email' : 'Registration'} verification is configured to be completed outside of this request. Once you have verified your ${what}, retry this request.</p>`,
  };
}

/**
 * FusionAuth's logout page for `logoutBehavior: AllApplications`: each application's logout URL in a
 * hidden iframe (front-channel logout), then a refresh to `destination` after two seconds.
 */
export function loggingOutPage(destination: string, logoutUrls: string[]): HostedView {
  return {
    title: 'Logging out',
    heading: 'Logging out\u2026',
    head: html`<meta http-equiv="Refresh" content="2; url=${destination}">`,
    body: html`<div class="progress-bar"><div></div></div>
${logoutUrls.map((url) => html`<iframe src="${url}" title="Logging out" width="0" height="0" hidden></iframe>`)}`,
  };
}
