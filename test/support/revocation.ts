import assert from 'node:assert/strict';
import type { TestApp } from './app-fixture.ts';
import { Browser } from './browser.ts';
import type { FusionAuthAdmin } from './fusionauth-admin.ts';

/** True when the browser's session still signs it in (the sessions page answers instead of redirecting to log in). */
export async function isSignedIn(browser: Browser): Promise<boolean> {
  const page = await browser.get('/account/sessions', { follow: false });
  return page.status === 200;
}

/**
 * Polls `check` until it holds, for at most `withinMs`, and returns how long it took. Never sleeps
 * longer than a poll interval, so "within 1 s" means the change was seen in under a second.
 */
export async function eventually(check: () => Promise<boolean>, withinMs: number, what: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > withinMs) assert.fail(`${what}: not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves once neither browser is signed in any more, within `withinMs`; returns the time taken. */
export function bothSignedOut(browsers: Browser[], withinMs = 1000): Promise<number> {
  return eventually(
    async () => !(await Promise.all(browsers.map(isSignedIn))).some(Boolean),
    withinMs,
    'both browsers signed out',
  );
}

/** A fresh user of the app signed in on two browsers (two cookie jars). */
export async function userOnTwoBrowsers(t: TestApp, admin: FusionAuthAdmin) {
  const user = await admin.createUser();
  const laptop = new Browser(t.url);
  const phone = new Browser(t.url);
  await laptop.login(user.email, user.password);
  await phone.login(user.email, user.password);
  assert.ok(await isSignedIn(laptop), 'the laptop is signed in');
  assert.ok(await isSignedIn(phone), 'the phone is signed in');
  return { user, laptop, phone, browsers: [laptop, phone] };
}

/** Turns FusionAuth's webhooks off, at the source: the kickstart's webhook is deleted. */
export async function deleteAllWebhooks(admin: FusionAuthAdmin): Promise<void> {
  const { response } = await admin.client.retrieveWebhooks();
  for (const webhook of response.webhooks ?? []) if (webhook.id) await admin.client.deleteWebhook(webhook.id);
}
