import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseEnv } from 'node:util';
import { FusionAuthClient, type Application } from '@fusionauth/typescript-client';
import { startTestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { findFreePort } from '../support/free-port.ts';
import { isRealFusionAuth, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { uniqueEmail } from '../support/fusionauth-admin.ts';
import { isHostedLoginPage, submitHostedForm } from '../support/hosted-pages.ts';
import { NOTHING_CHANGED, runSetup } from '../../scripts/setup/run-setup.ts';
import type { SetupOptions } from '../../scripts/setup/parse-args.ts';
import { WEBHOOK_EVENTS } from '../../scripts/setup/app-requirements.ts';
import { DEV_SERVER_ONLY, setupOptionsFor, startBareFusionAuth } from './setup-support.ts';

const OTHER_LINES = '# kept by setup\nSESSION_MODE=tokens\nFUSIONAUTH_URL=http://old.example.com\n\nLOG_LEVEL=warn\n';

describe(
  'npm run setup on a FusionAuth that has only an API key',
  { skip: isRealFusionAuth() && DEV_SERVER_ONLY },
  () => {
    let target: FusionAuthTarget;
    let client: FusionAuthClient;
    let appPort: number;
    let options: SetupOptions;
    const firstRun: string[] = [];

    const settingsInEnvFile = async () => parseEnv(await readFile(options.envFile, 'utf8')) as Record<string, string>;
    const theApplication = async (): Promise<Application> => {
      const { FUSIONAUTH_CLIENT_ID: id = '' } = await settingsInEnvFile();
      const { application } = (await client.retrieveApplication(id)).response;
      assert.ok(application, `the application ${id} exists`);
      return application;
    };

    before(async () => {
      target = await startBareFusionAuth();
      client = new FusionAuthClient(target.apiKey, target.url);
      appPort = await findFreePort();
      options = await setupOptionsFor(target, `http://127.0.0.1:${appPort}`);
      await writeFile(options.envFile, OTHER_LINES);
      await runSetup(options, (line) => firstRun.push(line));
    });
    after(async () => {
      await target.close();
      await rm(dirname(options.envFile), { recursive: true, force: true });
    });

    test('the first run reports what it created and writes every setting to the env file, keeping its other lines', async () => {
      assert.ok(firstRun.length > 5, firstRun.join('\n'));
      assert.match(firstRun.join('\n'), /created the application "Acme Account"/);
      assert.match(firstRun.at(-1) ?? '', /is configured for http:\/\/127\.0\.0\.1:\d+\.$/);
      const text = await readFile(options.envFile, 'utf8');
      assert.ok(text.startsWith('# kept by setup\nSESSION_MODE=tokens\nFUSIONAUTH_URL='), text);
      assert.match(text, /\nLOG_LEVEL=warn\n/);
      const env = await settingsInEnvFile();
      assert.equal(env.FUSIONAUTH_URL, target.url, 'an existing line is updated in place');
      assert.equal(text.match(/^FUSIONAUTH_URL=/gm)?.length, 1);
      assert.equal(env.APP_URL, options.appUrl);
      assert.equal(env.FUSIONAUTH_API_KEY, target.apiKey);
      assert.match(env.FUSIONAUTH_CLIENT_ID ?? '', /^[0-9a-f-]{36}$/);
      assert.ok((env.FUSIONAUTH_CLIENT_SECRET ?? '').length >= 32);
      assert.match(env.FUSIONAUTH_TENANT_ID ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(Buffer.from(env.FUSIONAUTH_WEBHOOK_SECRET ?? '', 'base64').length, 32, 'a 256-bit webhook secret');
    });

    test('the application has the roles, OAuth settings, refresh tokens and an RS256 key of its own', async () => {
      const application = await theApplication();
      const roles = Object.fromEntries(
        (application.roles ?? []).map((role): [string, boolean] => [role.name ?? '', Boolean(role.isDefault)]),
      );
      assert.deepEqual(roles, { user: true, admin: false, deactivated: false });
      assert.deepEqual(application.oauthConfiguration?.authorizedRedirectURLs, [
        `${options.appUrl}/oauth-callback`,
        `${options.appUrl}/`,
      ]);
      assert.equal(application.oauthConfiguration?.logoutURL, `${options.appUrl}/logout/front-channel`);
      assert.deepEqual(application.oauthConfiguration?.enabledGrants, ['authorization_code', 'refresh_token']);
      assert.equal(application.oauthConfiguration?.clientAuthenticationPolicy, 'Required');
      assert.equal(application.loginConfiguration?.generateRefreshTokens, true);
      const jwt = application.jwtConfiguration;
      assert.equal(jwt?.enabled, true);
      assert.equal(jwt?.timeToLiveInSeconds, 300);
      assert.equal(jwt?.refreshTokenTimeToLiveInMinutes, 43_200);
      const { key } = (await client.retrieveKey(jwt?.accessTokenKeyId ?? '')).response;
      assert.equal(key?.algorithm, 'RS256');
      assert.equal(jwt?.idTokenKeyId, jwt?.accessTokenKeyId);
    });

    test("the application wears the app's own theme: a copy of FusionAuth's default with the app's stylesheet and English messages", async () => {
      const application = await theApplication();
      const { theme } = (await client.retrieveTheme(application.themeId ?? '')).response;
      assert.equal(theme?.name, 'Acme Account');
      assert.equal(theme?.stylesheet, await readFile('kickstart/theme/acme-account.css', 'utf8'));
      assert.equal(theme?.localizedMessages?.en, await readFile('kickstart/theme/acme-account.en.properties', 'utf8'));
      assert.ok(theme?.templates?.oauth2Authorize, "the default theme's templates were copied");
    });

    test("the tenant issues tokens as the FusionAuth URL and sends the app's events", async () => {
      const { FUSIONAUTH_TENANT_ID: tenantId = '' } = await settingsInEnvFile();
      const { tenant } = (await client.retrieveTenant(tenantId)).response;
      assert.equal(tenant?.issuer, target.url);
      for (const type of WEBHOOK_EVENTS) assert.equal(tenant?.eventConfiguration?.events?.[type]?.enabled, true, type);
      const discovery = (await (await fetch(`${target.url}/.well-known/openid-configuration`)).json()) as {
        issuer: string;
      };
      assert.equal(discovery.issuer, target.url, 'OpenID discovery validates against the URL');
    });

    test("one webhook posts the app's events to /webhooks/fusionauth, signed with the HMAC key whose secret the env file holds", async () => {
      const env = await settingsInEnvFile();
      const { webhooks = [] } = (await client.retrieveWebhooks()).response;
      assert.equal(webhooks.length, 1);
      const [webhook] = webhooks;
      assert.equal(webhook?.url, `${options.appUrl}/webhooks/fusionauth`);
      assert.deepEqual(webhook?.tenantIds, [env.FUSIONAUTH_TENANT_ID]);
      assert.deepEqual(Object.keys(webhook?.eventsEnabled ?? {}).sort(), [...WEBHOOK_EVENTS].sort());
      assert.equal(webhook?.signatureConfiguration?.enabled, true);
      const { key } = (await client.retrieveKey(webhook?.signatureConfiguration?.signingKeyId ?? '')).response;
      assert.equal(key?.type, 'HMAC');
      assert.equal(key?.secret, env.FUSIONAUTH_WEBHOOK_SECRET);
    });

    test('a second run changes nothing, writes nothing, and says so', async () => {
      const before = await readFile(options.envFile, 'utf8');
      const lines: string[] = [];
      const result = await runSetup(options, (line) => lines.push(line));
      assert.deepEqual(lines, [NOTHING_CHANGED]);
      assert.deepEqual(result.changes, []);
      assert.equal(result.envFileChanged, false);
      assert.equal(await readFile(options.envFile, 'utf8'), before);
      const { applications = [] } = (await client.retrieveApplications()).response;
      assert.equal(
        applications.filter((application) => application.name === 'Acme Account').length,
        1,
        'no duplicate application',
      );
      const { keys = [] } = (await client.retrieveKeys()).response;
      assert.equal(keys.length, 3, 'the default key and the two of setup, no duplicates');
    });

    test('a run after someone changed the configuration by hand puts back only what the app needs', async () => {
      const application = await theApplication();
      const id = application.id ?? '';
      await client.patchApplication(id, { application: { jwtConfiguration: { timeToLiveInSeconds: 3600 } } });
      const userRole = application.roles?.find((role) => role.name === 'user');
      await client.updateApplicationRole(id, userRole?.id ?? '', { role: { name: 'user', isDefault: false } });
      const lines: string[] = [];
      const result = await runSetup(options, (line) => lines.push(line));
      assert.equal(result.changes.length, 2, lines.join('\n'));
      assert.match(lines.join('\n'), /jwtConfiguration\.timeToLiveInSeconds/);
      assert.match(lines.join('\n'), /made the role "user" a default role/);
      assert.equal((await theApplication()).jwtConfiguration?.timeToLiveInSeconds, 300);
      assert.equal(result.envFileChanged, false);
    });

    test('the app started with the env file registers a person with its own forms and signs them in again', async () => {
      const app = await startTestApp({
        fusionAuth: target,
        port: appPort,
        env: { ...(await settingsInEnvFile()), SESSION_MODE: 'user' },
      });
      try {
        const browser = new Browser(app.url);
        const email = uniqueEmail();
        const registered = await browser.submit('/register', '/register', {
          email,
          password: 'correct horse',
          firstName: 'Ada',
          lastName: 'Lovelace',
        });
        assert.match(registered.body, /Hello, Ada Lovelace/);
        const home = await browser.get('/');
        await browser.post('/logout', { _csrf: csrfTokenIn(home.body) });
        assert.match((await browser.login(email, 'correct horse')).body, /Hello, Ada Lovelace/);
      } finally {
        await app.close();
      }
    });

    test("with LOGIN_FLOW=oauth and tokens kept server-side, a person signs in through FusionAuth's hosted page", async () => {
      const app = await startTestApp({
        fusionAuth: target,
        port: appPort,
        env: { ...(await settingsInEnvFile()), LOGIN_FLOW: 'oauth', SESSION_MODE: 'tokens' },
      });
      try {
        const { FUSIONAUTH_CLIENT_ID: applicationId = '' } = await settingsInEnvFile();
        const email = uniqueEmail();
        await client.register(null as unknown as string, {
          user: { email, password: 'correct horse', firstName: 'Grace', lastName: 'Hopper' },
          registration: { applicationId },
        });
        const browser = new Browser(app.url);
        const loginPage = await browser.get('/login');
        assert.ok(isHostedLoginPage(loginPage), `FusionAuth's hosted login page, got ${loginPage.url}`);
        const signedIn = await submitHostedForm(browser, loginPage, { loginId: email, password: 'correct horse' });
        assert.equal(new URL(signedIn.url).origin, app.url);
        assert.match(signedIn.body, /Hello, Grace Hopper/);
      } finally {
        await app.close();
      }
    });

    test('the signed webhook reaches the app: deactivating a signed-in person ends their session at once', async () => {
      const env = await settingsInEnvFile();
      // A long recheck interval, so only the webhook can end the session within the test.
      const app = await startTestApp({
        fusionAuth: target,
        port: appPort,
        env: { ...env, USER_RECHECK_SECONDS: '3600' },
      });
      try {
        const email = uniqueEmail();
        const { user } = (
          await client.register(null as unknown as string, {
            user: { email, password: 'correct horse', firstName: 'Alan', lastName: 'Turing' },
            registration: { applicationId: env.FUSIONAUTH_CLIENT_ID ?? '' },
          })
        ).response;
        const browser = new Browser(app.url);
        assert.match((await browser.login(email, 'correct horse')).body, /Hello, Alan Turing/);
        await client.deactivateUser(user?.id ?? '');
        const deadline = Date.now() + 5000;
        let body = '';
        while (Date.now() < deadline) {
          body = (await browser.get('/')).body;
          if (!/Hello, Alan Turing/.test(body)) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.doesNotMatch(body, /Hello, Alan Turing/, 'the session ended within 5 s');
      } finally {
        await app.close();
      }
    });

    test('passkeys: an IP address cannot be a relying party id, so they stay off; a domain as APP_URL turns them on for it', async () => {
      const { FUSIONAUTH_TENANT_ID: tenantId = '' } = await settingsInEnvFile();
      assert.notEqual((await client.retrieveTenant(tenantId)).response.tenant?.webAuthnConfiguration?.enabled, true);
      const lines: string[] = [];
      await runSetup({ ...options, appUrl: `http://localhost:${appPort}` }, (line) => lines.push(line));
      assert.match(lines.join('\n'), /turned on passkeys for localhost/);
      const { tenant } = (await client.retrieveTenant(tenantId)).response;
      assert.equal(tenant?.webAuthnConfiguration?.enabled, true);
      assert.equal(tenant?.webAuthnConfiguration?.relyingPartyId, 'localhost');
      assert.equal(tenant?.webAuthnConfiguration?.bootstrapWorkflow?.enabled, true);
    });
  },
);

describe(
  'npm run setup with --billing-app-url: a second application for single sign-on',
  { skip: isRealFusionAuth() && DEV_SERVER_ONLY },
  () => {
    let target: FusionAuthTarget;
    let client: FusionAuthClient;
    let options: SetupOptions;

    before(async () => {
      target = await startBareFusionAuth();
      client = new FusionAuthClient(target.apiKey, target.url);
      options = {
        ...(await setupOptionsFor(target, 'http://127.0.0.1:19621')),
        billingAppUrl: 'http://127.0.0.1:19622',
      };
      await runSetup(options, () => {});
    });
    after(async () => {
      await target.close();
      await rm(dirname(options.envFile), { recursive: true, force: true });
    });

    test('"Acme Billing" gets its own client, URLs and webhook on the same tenant; the env file names it', async () => {
      const env = parseEnv(await readFile(options.envFile, 'utf8')) as Record<string, string>;
      assert.equal(env.BILLING_APP_URL, 'http://127.0.0.1:19622');
      const { application } = (await client.retrieveApplication(env.BILLING_CLIENT_ID ?? '')).response;
      assert.equal(application?.name, 'Acme Billing');
      assert.notEqual(application?.id, env.FUSIONAUTH_CLIENT_ID);
      assert.equal(application?.tenantId, env.FUSIONAUTH_TENANT_ID);
      assert.equal(application?.oauthConfiguration?.clientSecret, env.BILLING_CLIENT_SECRET);
      assert.equal(application?.oauthConfiguration?.logoutURL, 'http://127.0.0.1:19622/logout/front-channel');
      const { webhooks = [] } = (await client.retrieveWebhooks()).response;
      assert.deepEqual(webhooks.map((webhook) => webhook.url).sort(), [
        'http://127.0.0.1:19621/webhooks/fusionauth',
        'http://127.0.0.1:19622/webhooks/fusionauth',
      ]);
    });

    test('a second run changes nothing', async () => {
      const lines: string[] = [];
      await runSetup(options, (line) => lines.push(line));
      assert.deepEqual(lines, [NOTHING_CHANGED]);
    });
  },
);
