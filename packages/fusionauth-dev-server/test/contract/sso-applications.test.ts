/**
 * Single sign-on across the applications of a tenant: one SSO session per browser signs in to each of
 * them, every ID token names it by `sid`, and `/oauth2/logout` ends it with a `jwt.refresh-token.revoke`
 * and (with `logoutBehavior: AllApplications`) frames every application's logout URL
 * (https://fusionauth.io/docs/lifecycle/authenticate-users/logout-session-management).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { GrantType, LogoutBehavior, type FusionAuthClient, type Webhook } from '@fusionauth/typescript-client';
import { decodeJwt } from 'jose';
import { Browser, isHostedLoginPage, submitHostedForm } from 'fusionauth-dev-server/testing';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { apiClient, registerUser, type TestUser } from './contract.ts';

const SECRET = 'sso-contract-client-secret';
const devServerOnly = { skip: isRealFusionAuth() && "the hosted pages and webhook receiver are the dev server's own" };

let target: FusionAuthTarget;
let api: FusionAuthClient;
let receiver: WebhookReceiver;

interface Client {
  id: string;
  redirectUri: string;
  logoutUrl: string;
}

async function createClient(
  name: string,
  logoutBehavior: LogoutBehavior,
  tenantId = target.tenantId ?? '',
): Promise<Client> {
  const id = randomUUID();
  const client = { id, redirectUri: `https://${name}.test/callback`, logoutUrl: `https://${name}.test/logout` };
  // An application belongs to the tenant its creating request names (X-FusionAuth-TenantId).
  await apiClient(target)
    .setTenantId(tenantId)
    .createApplication(id, {
      application: {
        name: `${name} ${id}`,
        oauthConfiguration: {
          authorizedRedirectURLs: [client.redirectUri],
          logoutURL: client.logoutUrl,
          logoutBehavior,
          clientSecret: SECRET,
          enabledGrants: [GrantType.authorization_code],
          requireRegistration: false,
        },
      },
    });
  return client;
}

function authorizeUrl(client: Client, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: client.id,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid',
    state: randomUUID(),
    ...extra,
  });
  return `/oauth2/authorize?${query.toString()}`;
}

/** The ID token's claims for the code a redirect back to `client` carries. */
async function idTokenOf(client: Client, location: string | null): Promise<Record<string, unknown>> {
  const code = new URL(location ?? '').searchParams.get('code') ?? '';
  const response = await fetch(`${target.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.id}:${SECRET}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri }),
  });
  const body = (await response.json()) as { id_token?: string };
  assert.equal(response.status, 200, JSON.stringify(body));
  return decodeJwt(body.id_token ?? '');
}

/** Signs in on the hosted form of `client`; returns the ID token's claims. */
async function signIn(browser: Browser, client: Client, person: TestUser, extra: Record<string, string> = {}) {
  const page = await browser.get(authorizeUrl(client, extra), { follow: false });
  assert.ok(isHostedLoginPage(page), 'the hosted login form');
  const fields = { loginId: person.email, password: person.password };
  const answer = await submitHostedForm(browser, page, fields, { follow: false });
  assert.equal(answer.status, 302, answer.body);
  return idTokenOf(client, answer.headers.get('location'));
}

/** Goes to `client`'s authorize endpoint; a live SSO session answers with a code, without the form. */
async function silentSignIn(browser: Browser, client: Client): Promise<Record<string, unknown> | null> {
  const answer = await browser.get(authorizeUrl(client), { follow: false });
  return answer.status === 302 ? idTokenOf(client, answer.headers.get('location')) : null;
}

let account: Client;
let billing: Client;

before(async () => {
  target = await startFusionAuthTarget();
  api = apiClient(target);
  account = await createClient('account', LogoutBehavior.AllApplications);
  billing = await createClient('billing', LogoutBehavior.RedirectOnly);
});
after(async () => {
  await receiver?.close();
  await target?.close();
});

describe('one SSO session for the applications of a tenant', devServerOnly, () => {
  test('signed in to one application, a second one of the tenant signs in without the form, with the same sid', async () => {
    const person = await registerUser(target, account.id);
    const browser = new Browser(target.url);
    const first = await signIn(browser, account, person);
    const second = await silentSignIn(browser, billing);
    assert.ok(second, 'a code straight back, no login form');
    assert.equal(second.sub, person.id);
    assert.equal(typeof first.sid, 'string');
    assert.equal(second.sid, first.sid, 'one SSO session, named by both ID tokens');
    assert.equal(second.auth_time, first.auth_time, 'the same authentication');
  });

  test("an application of another tenant shows its login form over this tenant's SSO session", async () => {
    const tenantId = randomUUID();
    await api.createTenant(tenantId, { tenant: { name: `other ${tenantId}` } });
    const elsewhere = await createClient('elsewhere', LogoutBehavior.RedirectOnly, tenantId);
    const browser = new Browser(target.url);
    await signIn(browser, account, await registerUser(target, account.id));
    assert.equal(await silentSignIn(browser, elsewhere), null);
  });

  test('signing in again with prompt=login keeps the SSO session: the same sid, a new auth_time', async () => {
    const person = await registerUser(target, account.id);
    const browser = new Browser(target.url);
    const first = await signIn(browser, account, person);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await signIn(browser, account, person, { prompt: 'login' });
    assert.equal(again.sid, first.sid);
    assert.ok(Number(again.auth_time) > Number(first.auth_time));
    assert.equal((await silentSignIn(browser, billing))?.sid, first.sid, 'the other application still rides on it');
  });
});

describe('ending the SSO session', devServerOnly, () => {
  before(async () => {
    receiver = await startWebhookReceiver();
    const events = { 'jwt.refresh-token.revoke': { enabled: true, transactionType: 'None' } };
    await api.patchTenant(target.tenantId ?? '', { tenant: { eventConfiguration: { events } } } as never);
    await api.createWebhook(randomUUID(), {
      webhook: {
        url: receiver.url,
        eventsEnabled: { 'jwt.refresh-token.revoke': true } as Webhook['eventsEnabled'],
        global: true,
      },
    });
  });

  test('/oauth2/logout sends a jwt.refresh-token.revoke naming the SSO session: refreshToken.id is the sid, no application', async () => {
    const person = await registerUser(target, account.id);
    const browser = new Browser(target.url);
    const { sid } = await signIn(browser, account, person);
    await browser.get(`/oauth2/logout?client_id=${billing.id}`, { follow: false });
    const [delivery] = await receiver.waitFor((d) => d.event.userId === person.id);
    const refreshToken = delivery?.event.refreshToken as { id?: string; applicationId?: string } | undefined;
    assert.equal(refreshToken?.id, sid);
    assert.equal(refreshToken?.applicationId, undefined);
    assert.equal(delivery?.event.applicationId, undefined);
    assert.equal(await silentSignIn(browser, account), null, 'no application signs in by it any more');
  });

  test("with AllApplications the logout page frames every logout URL of the tenant's applications; RedirectOnly only redirects", async () => {
    const browser = new Browser(target.url);
    await signIn(browser, account, await registerUser(target, account.id));
    const page = await browser.get(`/oauth2/logout?client_id=${account.id}`, { follow: false });
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(`<iframe src="${account.logoutUrl}"`));
    assert.ok(page.body.includes(`<iframe src="${billing.logoutUrl}"`));
    assert.ok(!page.body.includes('elsewhere.test'), "never another tenant's");

    const redirect = await browser.get(`/oauth2/logout?client_id=${billing.id}`, { follow: false });
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), billing.logoutUrl);
  });

  test("an application without a logout URL goes to the tenant's logoutURL", async () => {
    const id = randomUUID();
    await api.createApplication(id, { application: { name: `no logout url ${id}` } });
    await api.patchTenant(target.tenantId ?? '', { tenant: { logoutURL: 'https://tenant.test/signed-out' } });
    const answer = await new Browser(target.url).get(`/oauth2/logout?client_id=${id}`, { follow: false });
    assert.equal(answer.headers.get('location'), 'https://tenant.test/signed-out');
  });
});
