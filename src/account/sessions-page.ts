import type { SessionRecord } from '../sessions/session-store.ts';
import { html } from '../web/html.ts';
import { signInMethodText } from './sign-in-method.ts';
import { relativeTime } from '../web/utc-time.ts';
import { csrfField } from '../web/form-field.ts';
import { layout, type PageFrame } from '../web/layout.ts';

export interface SessionRow {
  /** Public session id. */
  id: string;
  device: string;
  ip: string;
  createdAt: number;
  /** Set when the sign-in was not with a password typed in this app. */
  signedInWith?: SessionRecord['signedInWith'];
  lastSeenAt: number;
  current: boolean;
}

/** GET /account/sessions: the person's sessions, each revocable, plus the sign-out-everywhere actions. */
export function sessionsPage(
  frame: Omit<PageFrame, 'title'> & { csrfToken: string },
  rows: SessionRow[],
  notice: string | undefined,
  now: number,
): string {
  return layout(
    { ...frame, title: 'Your sessions' },
    html`<section class="card">
  <h1>Your sessions</h1>
  ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
  <p>These browsers and devices are signed in to your account. Sign out any you do not recognise.</p>
  <table>
    <thead><tr><th scope="col">Device</th><th scope="col">IP address</th><th scope="col">Signed in</th><th scope="col">Last seen</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
    <tbody>
    ${rows.map(
      (row) => html`<tr${row.current ? html` class="current"` : ''}>
      <td>${row.device}${row.current ? html` <strong>(this device)</strong>` : ''}</td>
      <td data-label="IP address">${row.ip}</td>
      <td data-label="Signed in">${relativeTime(row.createdAt, now)}${row.signedInWith ? html` <span class="sign-in-method">${signInMethodText(row.signedInWith)}</span>` : ''}</td>
      <td data-label="Last seen">${relativeTime(row.lastSeenAt, now)}</td>
      <td><form method="post" action="/account/sessions/${row.id}/revoke">${csrfField(frame.csrfToken)}<button type="submit" class="secondary">Sign out<span class="visually-hidden"> ${row.device}${row.current ? ' (this device)' : ''}</span></button></form></td>
    </tr>`,
    )}
    </tbody>
  </table>
  ${rows.length <= 1 ? html`<p class="aside">Only this device is signed in.</p>` : ''}
  <div class="actions">
    ${rows.length > 1 ? html`<form method="post" action="/account/sessions/revoke-others">${csrfField(frame.csrfToken)}<button type="submit" class="secondary">Sign out everywhere else</button></form>` : ''}
    <a class="button danger" href="/account/sessions/revoke-all">Sign out everywhere…</a>
  </div>
</section>`,
  );
}
