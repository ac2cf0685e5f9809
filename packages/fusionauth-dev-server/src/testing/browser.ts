/**
 * A minimal browser over real HTTP, for stepping through hosted pages and an app's own pages without a
 * real browser: a cookie jar, redirects followed by hand (and counted), and the Origin / Sec-Fetch-Site
 * headers a real browser sends with a same-site form post.
 */
export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  /** How many redirects were followed to get here. */
  redirects: number;
}

/** One answer as the browser received it: what a person's browser, history or extensions could keep. */
export interface Received {
  url: string;
  location: string | null;
  setCookies: string[];
  body: string;
}

/** One simulated browser: its cookies and every answer it received. */
export class Browser {
  readonly baseUrl: string;
  readonly cookies: Map<string, string>;
  /** Every answer so far, redirects included (bodies read as they arrive). */
  readonly received: Array<Promise<Received>> = [];

  /** `cookies`: another browser's jar, for the same browser at another origin of the host (cookies ignore ports). */
  constructor(baseUrl: string, cookies = new Map<string, string>()) {
    this.baseUrl = baseUrl;
    this.cookies = cookies;
  }

  /** GET a path (or absolute URL), following redirects unless told not to. */
  get(path: string, options: { follow?: boolean; headers?: Record<string, string> } = {}): Promise<Page> {
    return this.request('GET', path, undefined, options);
  }

  /** POST a urlencoded form as a same-site browser would. */
  post(
    path: string,
    form: Record<string, string>,
    options: { follow?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const headers = { origin: new URL(this.baseUrl).origin, 'sec-fetch-site': 'same-origin', ...options.headers };
    return this.request('POST', path, new URLSearchParams(form).toString(), { ...options, headers });
  }

  async request(
    method: string,
    path: string,
    body: string | undefined,
    options: { follow?: boolean; headers?: Record<string, string> },
  ): Promise<Page> {
    let url = new URL(path, this.baseUrl).href;
    let redirects = 0;
    let response = await this.#fetch(method, url, body, options.headers);
    while (
      options.follow !== false &&
      response.status >= 300 &&
      response.status < 400 &&
      response.headers.get('location')
    ) {
      if (++redirects > 10) throw new Error(`redirect loop at ${url}`);
      url = new URL(response.headers.get('location') ?? '', url).href;
      response = await this.#fetch('GET', url, undefined, {});
    }
    return { status: response.status, url, headers: response.headers, body: await response.text(), redirects };
  }

  async #fetch(
    method: string,
    url: string,
    body: string | undefined,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
    });
    for (const line of response.headers.getSetCookie()) this.#store(line);
    const copy = response.clone();
    this.received.push(
      copy.text().then((text) => ({
        url,
        location: copy.headers.get('location'),
        setCookies: copy.headers.getSetCookie(),
        body: text,
      })),
    );
    return response;
  }

  #store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
