import type { Browser, Page } from './browser.ts';

/**
 * The landmarks of FusionAuth's hosted pages (its default theme), which the dev server's pages
 * share: tests find the login form only through these, so they also hold against a real FusionAuth.
 */
export const HOSTED_LOGIN = Object.freeze({
  path: '/oauth2/authorize',
  title: 'Login | FusionAuth',
  loginId: '#loginId',
  password: '#password',
  submit: 'button.blue.button',
  /** The alert above the form (wrong credentials…). */
  error: '.alert.error',
  forgotPassword: 'Forgot your password?',
});

/** The hosted registration page's landmarks. */
export const HOSTED_REGISTER = Object.freeze({
  path: '/oauth2/register',
  email: '#email',
  password: '#password',
  firstName: '#firstName',
  lastName: '#lastName',
  submit: 'button.blue.button',
});

/** The hosted two-factor page's landmarks. */
export const HOSTED_TWO_FACTOR = Object.freeze({
  heading: 'Authentication challenge',
  code: '#code',
  submit: 'button.blue.button',
});

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#96;': '`',
};

function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** The first form of a page: its action (absolute) and its hidden fields. */
export function formIn(page: Page): { action: string; hidden: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(page.body)?.[1];
  if (action === undefined) throw new Error(`no form in the page at ${page.url}`);
  const hidden: Record<string, string> = {};
  for (const match of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[unescape(match[1] ?? '')] = unescape(match[2] ?? '');
  }
  return { action: new URL(unescape(action), page.url).href, hidden };
}

/** Fills and posts a hosted page's form as a person would: its hidden fields plus `fields`. */
export function submitHostedForm(
  browser: Browser,
  page: Page,
  fields: Record<string, string>,
  options: { follow?: boolean } = {},
): Promise<Page> {
  const { action, hidden } = formIn(page);
  const origin = new URL(page.url).origin;
  return browser.post(
    action,
    { ...hidden, ...fields },
    { ...options, headers: { origin, 'sec-fetch-site': 'same-origin' } },
  );
}

/**
 * Whether a page is the dev server's (or FusionAuth's) hosted login form, by FusionAuth's own landmarks: its
 * path and its two inputs (not its title, which an application's theme may change).
 * Takes any page with a URL and its HTML (this module's browser, or Playwright's
 * `{ url: page.url(), body: await page.content() }`).
 */
export function isHostedLoginPage(page: Pick<Page, 'url' | 'body'>): boolean {
  const hasId = (selector: string) => page.body.includes(`id="${selector.replace(/^#/, '')}"`);
  return (
    new URL(page.url).pathname === HOSTED_LOGIN.path && hasId(HOSTED_LOGIN.loginId) && hasId(HOSTED_LOGIN.password)
  );
}
