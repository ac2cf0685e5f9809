import { html, type Html } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  /** Plain words: "active", "deactivated for this app", "deactivated in FusionAuth". */
  status: string;
  roles: string[];
}

export interface AdminSearch {
  query: string;
  rows: AdminUserRow[];
  total: number;
  notice?: string;
}

/** A user's status as a badge: green for active, red for either kind of deactivation. */
export function statusBadge(status: string): Html {
  return html`<span class="badge ${status === 'active' ? 'badge-ok' : 'badge-off'}">${status}</span>`;
}

/** GET /admin: a search over the application's users (FusionAuth's user search), one row per user. */
export function adminSearchPage(frame: Omit<PageFrame, 'title'>, search: AdminSearch): string {
  return layout(
    { ...frame, title: 'Administration' },
    html`<section class="card">
  <h1>Administration</h1>
  ${search.notice ? html`<p class="notice" role="status">${search.notice}</p>` : ''}
  <form method="get" action="/admin" role="search">
    <div class="field">
      <label for="field-q">Find users of this application</label>
      <input id="field-q" name="q" type="search" value="${search.query}" maxlength="200" placeholder="Email or name">
    </div>
    <button type="submit">Search</button>
  </form>
  ${
    search.rows.length === 0
      ? html`<p class="aside">${search.query ? html`No user of this application matches “${search.query}”.` : 'This application has no users yet.'}</p>`
      : html`<p class="aside">${search.total === 1 ? '1 user' : `${search.total} users`}${search.total > search.rows.length ? html`, first ${search.rows.length} shown` : ''}.</p>
  <table>
    <thead><tr><th scope="col">Email</th><th scope="col">Name</th><th scope="col">Roles</th><th scope="col">Status</th></tr></thead>
    <tbody>
    ${search.rows.map(
      (row) => html`<tr>
      <td><a href="/admin/users/${row.id}">${row.email}</a></td>
      <td data-label="Name">${row.name}</td>
      <td data-label="Roles">${row.roles.join(', ')}</td>
      <td data-label="Status">${statusBadge(row.status)}</td>
    </tr>`,
    )}
    </tbody>
  </table>`
  }
</section>`,
  );
}
