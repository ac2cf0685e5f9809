/**
 * Real-browser fixture: Debian's Chromium driven by playwright-core (never a downloaded browser), a
 * fresh context per simulated browser, and a watch on every page for console errors, uncaught
 * exceptions and failed requests. `checkpoint` saves full-page screenshots at desktop and phone sizes
 * under test-output/screenshots/, runs axe-core at both, and checks the layout holds down to 320 px.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { assertNoAxeViolations } from './axe.ts';
import { isRealFusionAuth } from './fusionauth-target.ts';
import { findExecutable, skipForMissingTool } from './test-tools.ts';
import { NO_SECOND_APP } from './fusionauth-target.ts';

/** The Chromium to drive: `CHROMIUM_PATH`, else the first of the usual names on PATH. */
const CHROMIUM = findExecutable(
  [process.env.CHROMIUM_PATH ?? '', 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean),
);

/**
 * Headless, and quiet on the network: without the background-networking flags Chromium keeps trying to
 * reach Google's services, which a machine with no internet refuses one connection at a time.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * node:test's `skip` option for browser suites: false when Chromium is installed, else the reason.
 * They also skip against a real FusionAuth: they drive the dev server's hosted pages and its
 * kickstart users, and a real FusionAuth does not authorize a random-port OAuth callback.
 */
export const skipBrowserSuite: false | string = isRealFusionAuth()
  ? 'the browser suites drive the dev server (its hosted pages, kickstart users, random-port OAuth callbacks)'
  : !CHROMIUM &&
    skipForMissingTool('Chromium', 'set CHROMIUM_PATH, or install it (Debian/Ubuntu: apt-get install chromium)');

export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const WIDE = { width: 1280, height: 800 };
/** A current phone, and the narrowest width still in use (the first iPhone SE); every page must fit both. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };
export const NARROWEST_VIEWPORT = { width: 320, height: 568 };

/** What a scenario opens: a page in a brand-new browser context (its own cookies), watched. */
export type OpenPage = (options?: BrowserContextOptions) => Promise<Page>;

export class ChromiumFixture {
  readonly #browser: Browser;

  private constructor(browser: Browser) {
    this.#browser = browser;
  }

  static async launch(): Promise<ChromiumFixture> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const browser = await chromium
      .launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
      .catch((error: unknown) => {
        throw new Error(
          `Chromium (${CHROMIUM}) failed to launch: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return new ChromiumFixture(browser);
  }

  /**
   * Runs a scenario whose every `open()` is a fresh context, as if a different person's browser.
   * Afterwards the contexts are closed and the scenario fails if any page logged a console error,
   * threw, or had a request fail. `expectedStatus`: a 5xx page the scenario provokes on purpose.
   */
  async run(
    scenario: (open: OpenPage) => Promise<void>,
    expectations: { expectedStatus?: number } = {},
  ): Promise<void> {
    const contexts: BrowserContext[] = [];
    const problems: string[] = [];
    const open: OpenPage = async (options = {}) => {
      const context = await this.#browser.newContext({ viewport: WIDE, ...options });
      contexts.push(context);
      const page = await context.newPage();
      watch(page, problems, expectations.expectedStatus);
      return page;
    };
    try {
      await scenario(open);
    } finally {
      await Promise.all(contexts.map((context) => context.close()));
    }
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  }

  close(): Promise<void> {
    return this.#browser.close();
  }
}

function watch(page: Page, problems: string[], expectedStatus: number | undefined): void {
  /** Documents answered with a 4xx on purpose: a wrong password is a 401 page, a field error a 400. */
  const refusedDocuments = new Set<string>();
  page.on('response', (response) => {
    const status = response.status();
    const document = response.request().resourceType() === 'document';
    if (document && ((status >= 400 && status < 500) || status === expectedStatus))
      refusedDocuments.add(response.url());
    else if (status >= 400) problems.push(`HTTP ${status} for ${response.request().resourceType()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const source = message.location().url;
    // Chromium logs every 4xx (or expected) document as "Failed to load resource"; those pages are the answer, not a fault.
    if (
      refusedDocuments.has(source) &&
      /^Failed to load resource: the server responded with a status of \d{3}/.test(message.text())
    )
      return;
    problems.push(`console error from ${source || page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'unknown';
    // ERR_ABORTED is the browser cancelling what a page still loads (its favicon) as it navigates away;
    // FusionAuth's logout page frames the absent second app's logout URL, which nothing serves in these suites.
    if (reason !== 'net::ERR_ABORTED' && !request.url().startsWith(`${NO_SECOND_APP}/`))
      problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
}

/**
 * Every page a scenario reaches is checked here: a full-page screenshot at 1280×800 and at 390×844
 * (`<name>-1280.png`, `<name>-390.png`) with axe-core run at both, and no sideways scroll at 390 or
 * at 320 px (`<name>-320.png`).
 */
export async function checkpoint(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-1280.png`), fullPage: true });
  await assertNoAxeViolations(page, `${name} at 1280 px`);
  try {
    await page.setViewportSize(PHONE_VIEWPORT);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-390.png`), fullPage: true });
    await assertNoAxeViolations(page, `${name} at 390 px`);
    await assertFitsViewport(page, name);
    await page.setViewportSize(NARROWEST_VIEWPORT);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-320.png`), fullPage: true });
    await assertFitsViewport(page, name);
  } finally {
    await page.setViewportSize(WIDE);
  }
}

/** The document is no wider than the viewport: nothing scrolls sideways. */
export async function assertFitsViewport(page: Page, name: string): Promise<void> {
  const { scrollWidth, viewport } = await page.evaluate<{ scrollWidth: number; viewport: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })',
  );
  assert.ok(
    scrollWidth <= viewport,
    `${name}: no horizontal scroll at ${viewport} px (the document is ${scrollWidth} px wide)`,
  );
}

/** The focused element as `#id`, or `button "Text"` for an element without an id. */
export function focused(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '';
    return element.id ? '#' + element.id : element.localName + ' "' + element.textContent.trim() + '"';
  })()`);
}

/**
 * Presses Tab from the top of a freshly loaded page and checks that focus reaches each of `stops`
 * (as `focused` names them) in that order.
 */
export async function assertTabOrder(page: Page, stops: string[]): Promise<void> {
  const reached: string[] = [];
  for (let presses = 0; presses < 30 && reached.length < stops.length; presses++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    if (stops.includes(stop) && !reached.includes(stop)) reached.push(stop);
  }
  assert.deepEqual(reached, stops, 'Tab reaches the fields and the button in reading order');
}
