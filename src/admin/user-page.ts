import { html, type Html } from '../web/html.ts';
import { relativeTime } from '../web/utc-time.ts';
import { csrfField } from '../web/form-field.ts';
import { layout, type PageFrame } from '../web/layout.ts';
import { statusBadge, type AdminUserRow } from './search-page.ts';

export interface AdminSessionRow {
  device: string;
  ip: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface AdminUserView extends AdminUserRow {
  /** Barred from this app by the `deactivated` role, or soft-deleted in FusionAuth. */
  barred: boolean;
  sessions: AdminSessionRow[];
  /** The admin is looking at their own account: no deactivate or delete. */
  self: boolean;
  /** Epoch ms the page is rendered at, for the sessions' relative times. */
  now: number;
}

type Frame = Omit<PageFrame, 'title'> & { csrfToken: string };

/** GET /admin/users/{id}: who the user is, their sessions in this app, and what an admin can do. */
export function adminUserPage(frame: Frame, user: AdminUserView, notice?: string): string {
  const base = `/admin/users/${user.id}`;
  return layout(
    { ...frame, title: `User ${user.email}` },
    html`<section class="card">
  <p><a href="/admin">← Administration</a></p>
  <h1>${user.email}</h1>
  ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
  <dl class="profile">
    <dt>Name</dt><dd>${user.name || '—'}</dd>
    <dt>Roles in this app</dt><dd>${user.roles.join(', ') || '—'}</dd>
    <dt>Status</dt><dd>${statusBadge(user.status)}</dd>
  </dl>
  <h2>Sessions in this app</h2>
  ${user.sessions.length === 0 ? html`<p>No sessions: the user is signed in nowhere.</p>` : sessionTable(user.sessions, user.now)}
  <h2>Actions</h2>
  <div class="actions">
    ${user.sessions.length > 0 ? action(frame, `${base}/sign-out-everywhere`, 'Sign out everywhere') : ''}
    ${user.barred ? action(frame, `${base}/reactivate`, 'Reactivate') : ''}
    ${!user.barred && !user.self ? html`<a class="button secondary" href="${base}/deactivate">Deactivate for this app…</a>` : ''}
  </div>
  ${
    user.self
      ? ''
      : html`<section class="danger-zone" aria-labelledby="danger-zone">
    <h2 id="danger-zone">Danger zone</h2>
    <p>Deleting removes the user from FusionAuth for good, with every application they use. Deactivating for this app can be undone; deleting cannot.</p>
    <a class="button danger" href="${base}/delete">Delete user…</a>
  </section>`
  }
</section>`,
  );
}

function action(frame: Frame, path: string, label: string): Html {
  return html`<form method="post" action="${path}">${csrfField(frame.csrfToken)}<button type="submit" class="secondary">${label}</button></form>`;
}

function sessionTable(sessions: AdminSessionRow[], now: number): Html {
  return html`<table>
    <thead><tr><th scope="col">Device</th><th scope="col">IP address</th><th scope="col">Signed in</th><th scope="col">Last seen</th></tr></thead>
    <tbody>${sessions.map((row) => html`<tr><td>${row.device}</td><td data-label="IP address">${row.ip}</td><td data-label="Signed in">${relativeTime(row.createdAt, now)}</td><td data-label="Last seen">${relativeTime(row.lastSeenAt, now)}</td></tr>`)}</tbody>
  </table>`;
}
