/**
 * Two applications of one tenant from this code, as `npm run start:sso` runs them: "Acme Account" and
 * "Acme Billing" (the kickstart's second application, its own client, cookie name and session store)
 * against one FusionAuth, which posts each app's webhooks to it.
 */
import assert from 'node:assert/strict';
import { DEV_FUSIONAUTH } from '../../src/dev-fusionauth.ts';
import { Browser, type Page } from './browser.ts';
import { isHostedLoginPage, submitHostedForm } from './hosted-pages.ts';
import { startTestApp, type TestApp } from './app-fixture.ts';
import { findFreePort } from './free-port.ts';
import { FusionAuthAdmin } from './fusionauth-admin.ts';
import { startFusionAuthTarget, type FusionAuthTarget } from './fusionauth-target.ts';
import { createTestClock } from './test-clock.ts';

export interface TwoApps {
  account: TestApp;
  billing: TestApp;
  fusionAuth: FusionAuthTarget;
  /** Creates a user registered for both applications (role `user`). */
  createUser(): Promise<{ id: string; email: string; password: string }>;
  /**
   * A new user signed in to Account with the password on FusionAuth's form, then to Billing by the SSO
   * session alone (no form), in one browser: `account` and `billing` share its cookies.
   */
  signedInToBoth(): Promise<{
    user: { id: string; email: string; password: string };
    account: Browser;
    billing: Browser;
  }>;
  /** The admin API of each application (registration roles). */
  admins: { account: FusionAuthAdmin; billing: FusionAuthAdmin };
  close(): Promise<void>;
}

/** The second app's cookie, as `npm run start:sso` names it. */
export const BILLING_COOKIE = 'billing_session';

/** Starts FusionAuth (kickstarted with both apps' URLs) and both apps; `env` reaches both (LOGIN_FLOW, SESSION_MODE…). */
export async function startTwoApps(env: Record<string, string> = {}): Promise<TwoApps> {
  const [accountPort, billingPort] = [await findFreePort(), await findFreePort()];
  const clock = createTestClock();
  const fusionAuth = await startFusionAuthTarget({
    env: { APP_URL: `http://127.0.0.1:${accountPort}`, BILLING_APP_URL: `http://127.0.0.1:${billingPort}` },
    now: clock.now,
  });
  const account = await startTestApp({ port: accountPort, fusionAuth, clock, env });
  const billing = await startTestApp({
    port: billingPort,
    fusionAuth,
    clock,
    env: {
      ...env,
      APP_NAME: 'Acme Billing',
      FUSIONAUTH_CLIENT_ID: DEV_FUSIONAUTH.billingClientId,
      FUSIONAUTH_CLIENT_SECRET: DEV_FUSIONAUTH.billingClientSecret,
      SESSION_COOKIE: BILLING_COOKIE,
    },
  });
  const admins = {
    account: new FusionAuthAdmin(fusionAuth, account.config.fusionAuth.clientId),
    billing: new FusionAuthAdmin(fusionAuth, billing.config.fusionAuth.clientId),
  };
  const createUser = async () => {
    const user = await admins.account.createUser();
    await admins.billing.client.register(user.id, {
      registration: { applicationId: billing.config.fusionAuth.clientId, roles: ['user'] },
    });
    return user;
  };
  return {
    account,
    billing,
    fusionAuth,
    admins,
    createUser,
    async signedInToBoth() {
      const user = await createUser();
      const onAccount = new Browser(account.url);
      const onBilling = onAccount.onOtherApp(billing.url);
      assert.match((await signIn(onAccount, user)).body, /Hello/);
      // `auth_time` has whole seconds: a later second tells Billing the sign-in is not its own.
      clock.advance(1000);
      const silent = await onBilling.get('/login');
      assert.equal(silent.url, `${billing.url}/`, 'Billing signs in without a form');
      assert.match(silent.body, /Hello/);
      return { user, account: onAccount, billing: onBilling };
    },
    async close() {
      await billing.close();
      await account.close();
      await fusionAuth.close();
    },
  };
}

/** Signs in to the app at `browser.baseUrl` on FusionAuth's hosted form (LOGIN_FLOW=oauth), following every redirect. */
export async function signIn(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const form = await browser.get('/login');
  assert.ok(isHostedLoginPage(form), 'the hosted login form');
  return submitHostedForm(browser, form, { loginId: user.email, password: user.password });
}
