/**
 * Two applications of one tenant from this code, as `npm run start:sso` runs them: "Acme Account" and
 * "Acme Billing" (the kickstart's second application, its own client, cookie name and session store)
 * against one FusionAuth, which posts each app's webhooks to it.
 */
import { DEV_FUSIONAUTH } from '../../src/dev-fusionauth.ts';
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
  return {
    account,
    billing,
    fusionAuth,
    admins,
    async createUser() {
      const user = await admins.account.createUser();
      await admins.billing.client.register(user.id, {
        registration: { applicationId: billing.config.fusionAuth.clientId, roles: ['user'] },
      });
      return user;
    },
    async close() {
      await billing.close();
      await account.close();
      await fusionAuth.close();
    },
  };
}
