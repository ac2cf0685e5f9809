/**
 * The app's tests' HTTP browser: the dev server package's (a cookie jar, redirects followed by hand, the
 * headers of a same-site form post), plus what the app's own forms need: their CSRF token and `/login`.
 */
import { Browser as HttpBrowser, type Page } from 'fusionauth-dev-server/testing';

export type { Page, Received } from 'fusionauth-dev-server/testing';

export class Browser extends HttpBrowser {
  /** The same browser (a copy of its cookies) talking to another app instance, as behind a load balancer. */
  twinOn(baseUrl: string): Browser {
    const twin = new Browser(baseUrl);
    for (const [name, value] of this.cookies) twin.cookies.set(name, value);
    return twin;
  }

  /** This very browser (the same cookie jar) at another app of the same host, e.g. another port of localhost. */
  onOtherApp(baseUrl: string): Browser {
    return new Browser(baseUrl, this.cookies);
  }

  /** Loads `pagePath`, takes the CSRF token from its form, and submits `fields` to `action`. */
  async submit(
    pagePath: string,
    action: string,
    fields: Record<string, string>,
    options: { follow?: boolean } = {},
  ): Promise<Page> {
    const page = await this.get(pagePath);
    return this.post(action, { _csrf: csrfTokenIn(page.body), ...fields }, options);
  }

  async login(email: string, password: string): Promise<Page> {
    return this.submit('/login', '/login', { email, password });
  }
}

/** The value of the hidden `_csrf` field in a page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in the page');
  return match[1];
}

/** The session cookie's raw Set-Cookie line from a response, if any. */
export function setCookieLine(page: Page, name: string): string | undefined {
  return page.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}
