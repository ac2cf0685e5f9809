/**
 * Revoking per application, with two applications of one tenant signed in by one SSO session: the
 * person's "sign out everywhere" in this app only or in all, the admin's deactivation for one app, and
 * FusionAuth revoking one application's refresh tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { isRealFusionAuth, KICKSTART } from '../support/fusionauth-target.ts';
import { eventually, isSignedIn } from '../support/revocation.ts';
import { signIn, startTwoApps, type TwoApps } from '../support/two-apps.ts';

const skip =
  isRealFusionAuth() && 'the apps listen on random ports, which the FusionAuth applications do not authorize';

for (const mode of ['user', 'tokens'] as const)
  describe(`revoking per application, ${mode} session mode`, { skip }, () => {
    let apps: TwoApps;
    before(async () => {
      apps = await startTwoApps({ LOGIN_FLOW: 'oauth', SESSION_MODE: mode });
    });
    after(() => apps.close());

    async function signOutEverywhere(browser: Browser, confirm: string): Promise<void> {
      const page = await browser.get('/account/sessions/revoke-all');
      await browser.post('/account/sessions/revoke-all', { _csrf: csrfTokenIn(page.body), confirm });
    }

    test('the confirmation page offers this app only or every Acme app', async () => {
      const { account } = await apps.signedInToBoth();
      const page = await account.get('/account/sessions/revoke-all');
      assert.match(
        page.body,
        /value="everywhere-this-app"><button type="submit" class="secondary">Only in Acme Account</,
      );
      assert.match(page.body, /value="everywhere"><button type="submit" class="danger">Sign out everywhere</);
    });

    test('sign out everywhere "Only in Acme Account" ends Account only: Billing and the SSO session stay, Account asks for the password', async () => {
      const { account, billing } = await apps.signedInToBoth();
      await signOutEverywhere(account, 'everywhere-this-app');
      assert.equal(await isSignedIn(account), false);
      assert.equal(await isSignedIn(billing), true, 'Billing stays');
      assert.ok(isHostedLoginPage(await account.get('/login')), 'Account asks for the password');
      assert.ok(isHostedLoginPage(await account.get('/login')), 'and still, on a second try');
    });

    test('sign out everywhere in every app ends Billing too, within 1 s, and the SSO session', async () => {
      const { account, billing } = await apps.signedInToBoth();
      await signOutEverywhere(account, 'everywhere');
      assert.equal(await isSignedIn(account), false);
      await eventually(async () => !(await isSignedIn(billing)), 1000, 'Billing signed out');
      assert.ok(isHostedLoginPage(await billing.get('/login')), 'no SSO session signs Billing back in');
    });

    test("Account's admin deactivating the user for Account bars Account, even through SSO, and Billing keeps working", async () => {
      const { user, account, billing } = await apps.signedInToBoth();
      const admin = new Browser(apps.account.url);
      await signIn(admin, KICKSTART.admin);
      const confirm = await admin.get(`/admin/users/${user.id}/deactivate`);
      assert.match(confirm.body, /their other Acme apps keep working/);
      await admin.post(`/admin/users/${user.id}/deactivate`, { _csrf: csrfTokenIn(confirm.body), confirm: user.id });

      assert.equal(await isSignedIn(account), false, 'Account ends at once');
      assert.equal(await isSignedIn(billing), true, 'Billing keeps working');
      const refused = await account.get('/login');
      assert.ok(isHostedLoginPage(refused), 'a revoked browser is asked for the password');
      const barred = await submitHostedForm(account, refused, { loginId: user.email, password: user.password });
      assert.equal(barred.status, 403, 'and then refused');
      // Another browser whose SSO session lives: it is refused without a password, never signed in.
      const other = new Browser(apps.billing.url);
      await signIn(other, user);
      assert.equal((await other.onOtherApp(apps.account.url).get('/login')).status, 403);
      assert.equal(await isSignedIn(billing), true);
    });

    test("FusionAuth revoking Account's refresh tokens ends Account's sessions only", async () => {
      const { account, billing } = await apps.signedInToBoth();
      apps.account.clock.advance(1000);
      await apps.admins.account.client.revokeRefreshTokensByApplicationId(apps.account.config.fusionAuth.clientId);
      await eventually(async () => !(await isSignedIn(account)), 1000, 'Account signed out');
      assert.equal(await isSignedIn(billing), true, 'Billing keeps its sessions');
    });
  });
