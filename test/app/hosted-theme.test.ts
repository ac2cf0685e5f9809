/**
 * With LOGIN_FLOW=oauth a person sees one product: the kickstart gives the app a FusionAuth theme of its
 * own (a copy of the default theme with the app's stylesheet and English messages), so FusionAuth's
 * hosted login page carries the app's name and words, its look and full-width button.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, type Page } from '../support/browser.ts';
import { isHostedLoginPage } from '../support/hosted-pages.ts';

describe("the app's FusionAuth theme", () => {
  let t: TestApp;

  /** The hosted login page /login leads to, asked for in `language`. */
  async function hostedLogin(language: string): Promise<Page> {
    const browser = new Browser(t.url);
    const headers = { 'accept-language': language };
    const redirect = await browser.get('/login', { follow: false, headers });
    const location = redirect.headers.get('location');
    assert.ok(location, '/login redirects to the hosted page');
    return browser.get(location, { headers });
  }

  before(async () => {
    t = await startTestApp({ env: { LOGIN_FLOW: 'oauth' } });
  });
  after(() => t.close());

  test("the hosted login page has the app's name in its title and heading, and the app's words", async () => {
    const page = await hostedLogin('en-GB,en;q=0.8');
    assert.ok(isHostedLoginPage(page));
    assert.match(page.body, /<title>Sign in · Acme Account<\/title>/);
    assert.match(page.body, /<h2>Sign in to Acme Account<\/h2>/);
    assert.match(page.body, /placeholder="Email"/);
    assert.match(page.body, /<button type="submit" class="blue button"><i class="fa fa-key"><\/i> Continue<\/button>/);
    assert.match(page.body, /New to Acme Account\?\s*<a href="\/oauth2\/register\?[^"]+">Create account<\/a>/);
  });

  test("the app's stylesheet is inlined: the page body is the card (errors inside it), the button spans the form", async () => {
    const page = await hostedLogin('en');
    const inline = /<style>([\s\S]*?)<\/style>/.exec(page.body)?.[1] ?? '';
    assert.match(inline, /\.page-body \{[^}]*background: var\(--acme-paper\)/);
    assert.match(inline, /\.blue\.button \{[^}]*width: 100%/);
    assert.match(inline, /content: 'Acme Account'/);
  });

  test("a browser in another language gets the default theme's words with the app's look", async () => {
    const page = await hostedLogin('de');
    assert.match(page.body, /<title>Login \| FusionAuth<\/title>/);
    assert.match(page.body, /<h2>Login<\/h2>/);
    assert.match(page.body, /<style>[\s\S]*acme-paper[\s\S]*<\/style>/);
  });
});
