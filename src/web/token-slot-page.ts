import { randomBytes } from 'node:crypto';
import { escapeHtml } from './html.ts';

/**
 * What a page is rendered with in place of its CSRF token: random for each process and made of
 * letters, digits and dashes (which escaping leaves as they are), so no content can contain it by
 * chance or by design.
 */
const TOKEN_SLOT = `csrf-token-slot-${randomBytes(16).toString('hex')}`;

/**
 * A page rendered once and served many times: only its CSRF token changes from one request to the
 * next (a fresh salt each time, so no two responses carry the same token bytes). Filling the token
 * in costs a join, where rendering the page costs every template and every escape again.
 */
export class TokenSlotPage {
  readonly #parts: readonly string[];

  /** Renders the page once, with a stand-in wherever `render` puts the token. */
  constructor(render: (csrfToken: string) => string) {
    this.#parts = render(TOKEN_SLOT).split(TOKEN_SLOT);
  }

  /** The page with `csrfToken` where the render put its token. */
  withToken(csrfToken: string): string {
    return this.#parts.join(escapeHtml(csrfToken));
  }
}
