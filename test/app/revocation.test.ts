/**
 * Revocation reaches every browser of a user, through FusionAuth's signed
 * webhooks within a second, or without them at the next recheck or refresh; nothing respawns a
 * deleted user or registration; one browser's logout leaves the other alone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { bothSignedOut, deleteAllWebhooks, eventually, isSignedIn, userOnTwoBrowsers } from '../support/revocation.ts';

const ENV = { RATE_LIMIT_MAX: '10000' };
/** A real FusionAuth's webhook posts to the app it was set up for, never to a test app on a random port. */
const ON_REAL_FUSIONAUTH = "needs FusionAuth's webhook to reach the test app";
/** The kickstart application's access-token lifetime (300 s), plus one. */
const PAST_ACCESS_TOKEN_EXPIRY_MS = 301_000;

for (const mode of ['user', 'tokens'] as const)
  describe(`revocation without respawn, ${mode} session mode`, () => {
    let t: TestApp;
    let admin: FusionAuthAdmin;
    before(async () => {
      t = await startTestApp({ env: { ...ENV, SESSION_MODE: mode } });
      admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
    });
    after(() => t.close());

    test(
      '1. a user hard-deleted through FusionAuth’s API is logged out of both browsers within 1 s, and nothing re-creates them',
      { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH },
      async (context) => {
        const { user, laptop, phone, browsers } = await userOnTwoBrowsers(t, admin);
        await admin.client.deleteUser(user.id);
        context.diagnostic(`signed out after ${(await bothSignedOut(browsers)).toFixed(0)} ms`);

        const login = await laptop.login(user.email, user.password);
        assert.equal(login.status, 401);
        assert.match(login.body, /Email or password is wrong/);
        await phone.get('/');
        await phone.get('/account/sessions');
        await assert.rejects(
          admin.client.retrieveUser(user.id),
          (error: { statusCode?: number }) => error.statusCode === 404,
        );
        const search = await admin.client.searchUsersByQuery({ search: { queryString: `email:${user.email}` } });
        assert.equal(search.response.total, 0, 'no user with that email, so no registration either');
        assert.equal((await t.store.listUserSessions(user.id)).length, 0);
      },
    );

    test(
      '2. a user deactivated through FusionAuth’s API is logged out of both browsers within 1 s',
      { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH },
      async (context) => {
        const { user, laptop, browsers } = await userOnTwoBrowsers(t, admin);
        const started = performance.now();
        await admin.client.deactivateUser(user.id);
        await bothSignedOut(browsers);
        context.diagnostic(`API deactivation to both sessions gone: ${(performance.now() - started).toFixed(0)} ms`);
        const login = await laptop.login(user.email, user.password);
        assert.equal(login.status, 423);
        assert.equal((await admin.retrieveUser(user.id))?.active, false, 'kept, soft-deleted');
      },
    );

    test(
      'deleting the registration, or adding `deactivated` to it, logs the user out within 1 s',
      { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH },
      async () => {
        const first = await userOnTwoBrowsers(t, admin);
        await admin.client.deleteRegistration(first.user.id, admin.applicationId);
        await bothSignedOut(first.browsers);
        const login = await first.laptop.login(first.user.email, first.user.password);
        assert.equal(login.status, 403);
        assert.equal(
          (await admin.retrieveUser(first.user.id))?.registrations?.length ?? 0,
          0,
          'the login did not re-create the registration',
        );

        const second = await userOnTwoBrowsers(t, admin);
        await admin.client.patchRegistration(second.user.id, {
          registration: { applicationId: admin.applicationId, roles: ['deactivated'] },
        });
        await bothSignedOut(second.browsers);
      },
    );

    test(
      'revoking the user’s refresh tokens for this application logs them out everywhere within 1 s',
      { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH },
      async () => {
        const { user, browsers } = await userOnTwoBrowsers(t, admin);
        await admin.client.revokeRefreshTokensByUserIdForApplication(user.id, admin.applicationId);
        await bothSignedOut(browsers);
      },
    );

    test(
      'revoking every refresh token of this application logs everybody out within 1 s; signing in afterwards works',
      { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH },
      async (context) => {
        const first = await userOnTwoBrowsers(t, admin);
        const second = await userOnTwoBrowsers(t, admin);
        await admin.client.revokeRefreshTokensByApplicationId(admin.applicationId);
        context.diagnostic(
          `all four browsers signed out after ${(await bothSignedOut([...first.browsers, ...second.browsers])).toFixed(0)} ms`,
        );
        await first.laptop.login(first.user.email, first.user.password);
        assert.ok(await isSignedIn(first.laptop), 'a session begun after the revocation lives');
        const listed = await first.laptop.get('/account/sessions');
        assert.equal((listed.body.match(/\/revoke"/g) ?? []).length, 1, 'the ended phone session is not listed');
      },
    );

    test(
      '5. with webhooks off, a deactivation still logs the user out, at the recheck (user mode) or the refresh (tokens mode)',
      { skip: isRealFusionAuth() && 'deletes every webhook and advances the test clock' },
      async () => {
        const t2 = await startTestApp({ env: { ...ENV, SESSION_MODE: mode } });
        try {
          const admin2 = new FusionAuthAdmin(t2.fusionAuth, t2.config.fusionAuth.clientId);
          await deleteAllWebhooks(admin2);
          const { user, browsers } = await userOnTwoBrowsers(t2, admin2);
          await admin2.client.deactivateUser(user.id);
          await new Promise((resolve) => setTimeout(resolve, 300));
          for (const browser of browsers)
            assert.ok(await isSignedIn(browser), 'no webhook: nothing has told the app yet');

          t2.clock.advance(mode === 'user' ? t2.config.userRecheckSeconds * 1000 : PAST_ACCESS_TOKEN_EXPIRY_MS);
          for (const browser of browsers) assert.equal(await isSignedIn(browser), false);
          assert.equal((await t2.store.listUserSessions(user.id)).length, 0);
          assert.equal(
            browsers[0]?.cookies.get('session'),
            undefined,
            'the browser whose request found out gets its cookie cleared',
          );
        } finally {
          await t2.close();
        }
      },
    );

    test('6. logging out on one browser leaves the other signed in', async () => {
      const { user, laptop, phone } = await userOnTwoBrowsers(t, admin);
      const page = await laptop.get('/');
      await laptop.post('/logout', { _csrf: csrfTokenIn(page.body) });
      assert.equal(await isSignedIn(laptop), false);
      // Tokens mode revokes the laptop's refresh token, and FusionAuth tells the app: the phone must survive that.
      await assert.rejects(eventually(async () => !(await isSignedIn(phone)), 500, 'the phone signed out'));
      assert.ok(await isSignedIn(phone));
      assert.equal((await t.store.listUserSessions(user.id)).length, 1);
    });

    test('a login never registers: a user of FusionAuth without a registration stays unregistered', async () => {
      const user = await admin.createUser({ registered: false });
      const page = await new Browser(t.url).login(user.email, user.password);
      assert.equal(page.status, 403);
      assert.equal((await admin.retrieveUser(user.id))?.registrations?.length ?? 0, 0);
    });
  });
