import { html, type Html } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';
import { utcTime } from '../web/utc-time.ts';

/** The profile fields the page shows (a FusionAuth user has them all). */
export interface Profile {
  email?: string;
  firstName?: string;
  lastName?: string;
  insertInstant?: number;
  lastLoginInstant?: number;
  passwordLastUpdateInstant?: number;
}

/** Signed out: a welcome, with a notice when there is news (e.g. "You were signed out from another device."). */
export function welcomePage(notice?: string): string {
  return layout(
    { title: 'Welcome', signedInAs: null },
    html`<section class="card hero">
  <h1>Welcome</h1>
  ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
  <p>Sign in to see your account, or create one in a minute.</p>
  <p class="actions"><a class="button" href="/login">Sign in</a> <a class="button secondary" href="/register">Register</a></p>
</section>`,
  );
}

/**
 * Signed in: the person's profile — what they would check (who they are signed in as, since when, the
 * last sign-in and password change), not FusionAuth's ids or flags — and where to manage it.
 */
export function profilePage(frame: Omit<PageFrame, 'title'>, profile: Profile, options: { isAdmin: boolean }): string {
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  return layout(
    { ...frame, title: 'Your profile' },
    html`<section class="card">
  <h1>Hello${name ? html`, ${name}` : ''}</h1>
  <dl class="profile">
    ${row('Email', profile.email ?? '')}
    ${row('Name', name || '—')}
    ${row('Member since', instant(profile.insertInstant))}
    ${row('Last sign-in', instant(profile.lastLoginInstant))}
    ${row('Password last changed', instant(profile.passwordLastUpdateInstant))}
  </dl>
  <p class="actions"><a class="button" href="/account">Manage your account</a> <a class="button secondary" href="/account/sessions">Your devices</a>${options.isAdmin ? html` <a class="button secondary" href="/admin">Administration</a>` : ''}</p>
</section>`,
  );
}

function row(label: string, value: Html | string): Html {
  return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
}

function instant(epochMs: number | undefined): Html | string {
  return epochMs ? utcTime(epochMs) : '—';
}
