/**
 * Webhooks on the dev server: the Webhook API (https://fusionauth.io/docs/apis/webhooks), and deliveries
 * shaped, signed, retried and ordered as FusionAuth's (https://fusionauth.io/docs/extend/events-and-webhooks/,
 * summarised in docs/differences-from-fusionauth.md). Deliveries need a receiver FusionAuth can reach, so this suite
 * runs against the dev server only.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { KeyAlgorithm, type FusionAuthClient, type Webhook } from '@fusionauth/typescript-client';
import { Browser, submitHostedForm } from 'fusionauth-dev-server/testing';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { apiClient, createApplication, logIn, registerUser, rejection, send } from './contract.ts';

const ON_REAL_FUSIONAUTH = 'deliveries need a receiver the FusionAuth under test can reach: dev server only';

/** A fixture in FusionAuth's documented shape (test/fixtures/README.md names the docs page of each). */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const EVENT_TYPES: Record<string, boolean> = {
  'jwt.refresh-token.revoke': true,
  'user.deactivate': true,
  'user.delete': true,
  'user.reactivate': true,
  'user.update': true,
  'user.registration.create': true,
  'user.registration.update': true,
  'user.registration.delete': true,
  'user.login.success': true,
};
const ALL_EVENTS = EVENT_TYPES as Webhook['eventsEnabled'];

describe('webhooks on the dev server', { skip: isRealFusionAuth() && ON_REAL_FUSIONAUTH }, () => {
  let target: FusionAuthTarget;
  let client: FusionAuthClient;
  let applicationId: string;
  let receiver: WebhookReceiver;
  let hmacKey: { id: string; secret: string };
  let webhookId: string;

  before(async () => {
    target = await startFusionAuthTarget();
    client = apiClient(target);
    applicationId = await createApplication(target);
    receiver = await startWebhookReceiver();
    const keyId = randomUUID();
    const { response } = await client.generateKey(keyId, {
      key: { algorithm: KeyAlgorithm.HS256, name: `webhook ${keyId}` },
    });
    hmacKey = { id: keyId, secret: response.key?.secret ?? '' };
    // The tenant must send an event for any webhook to get it (tenant.eventConfiguration).
    const events = Object.fromEntries(
      Object.keys(EVENT_TYPES).map((type) => [type, { enabled: true, transactionType: 'None' }]),
    );
    await client.patchTenant(target.tenantId ?? '', { tenant: { eventConfiguration: { events } } } as never);
  });
  after(async () => {
    await receiver?.close();
    await target?.close();
  });

  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.respond = () => 200;
    if (webhookId) await client.deleteWebhook(webhookId).catch(() => undefined);
    webhookId = randomUUID();
    await client.createWebhook(webhookId, {
      webhook: {
        url: receiver.url,
        eventsEnabled: ALL_EVENTS,
        global: true,
        signatureConfiguration: { enabled: true, signingKeyId: hmacKey.id },
      },
    });
  });

  const ofUser = (userId: string) => (delivery: ReceivedWebhook) =>
    (delivery.event.user as { id?: string } | undefined)?.id === userId || delivery.event.userId === userId;
  const revocationOf = (userId: string) => (delivery: ReceivedWebhook) =>
    ofUser(userId)(delivery) &&
    ['jwt.refresh-token.revoke', 'user.deactivate', 'user.delete'].includes(delivery.event.type);

  test('the Webhook API takes a create request in FusionAuth’s documented shape and answers with the same fields', async () => {
    const request = fixture('webhook-request.json') as { webhook: Webhook };
    const id = randomUUID();
    const webhook = {
      ...request.webhook,
      tenantIds: [target.tenantId ?? ''],
      signatureConfiguration: { enabled: true, signingKeyId: hmacKey.id },
    };
    const created = await client.createWebhook(id, { webhook });
    assert.equal(created.statusCode, 200);
    const { response } = await client.retrieveWebhook(id);
    for (const field of [
      'url',
      'eventsEnabled',
      'headers',
      'httpAuthenticationUsername',
      'httpAuthenticationPassword',
      'connectTimeout',
      'readTimeout',
      'description',
      'data',
      'signatureConfiguration',
      'tenantIds',
    ] as const) {
      assert.deepEqual(response.webhook?.[field], webhook[field], field);
    }
    assert.equal(response.webhook?.id, id);
    assert.ok((await client.retrieveWebhooks()).response.webhooks?.some((candidate) => candidate.id === id));
    await client.deleteWebhook(id);
    assert.equal((await rejection(client.retrieveWebhook(id))).statusCode, 404);
  });

  test('a webhook needs a URL, and a signing key that exists when signing is on', async () => {
    const blank = await rejection(client.createWebhook(randomUUID(), { webhook: { eventsEnabled: ALL_EVENTS } }));
    assert.equal(blank.statusCode, 400);
    assert.ok(blank.errors?.fieldErrors?.['webhook.url']);
    const badKey = await rejection(
      client.createWebhook(randomUUID(), {
        webhook: { url: receiver.url, signatureConfiguration: { enabled: true, signingKeyId: randomUUID() } },
      }),
    );
    assert.ok(badKey.errors?.fieldErrors?.['webhook.signatureConfiguration.signingKeyId']);
  });

  test('a deactivation is delivered as {"event":…} with FusionAuth’s fields, refresh tokens revoked first', async () => {
    const user = await registerUser(target, applicationId);
    await logIn(target, user, applicationId);
    await client.deactivateUser(user.id);
    const [revoke, deactivate] = await receiver.waitFor(revocationOf(user.id), 2);
    assert.equal(revoke?.event.type, 'jwt.refresh-token.revoke');
    assert.equal(deactivate?.event.type, 'user.deactivate');
    assert.equal(deactivate?.headers['content-type'], 'application/json');
    const expected = (fixture('fusionauth-events/user-deactivate.json') as { event: Record<string, unknown> }).event;
    for (const field of ['id', 'type', 'createInstant', 'tenantId', 'user'])
      assert.ok(field in (deactivate?.event ?? {}), field);
    assert.equal(typeof deactivate?.event.createInstant, typeof expected.createInstant);
    assert.equal((deactivate?.event.user as { active?: boolean }).active, false);
    const revokeFixture = (
      fixture('fusionauth-events/jwt-refresh-token-revoke-all-of-user.json') as { event: Record<string, unknown> }
    ).event;
    for (const field of ['applicationTimeToLiveInSeconds', 'userId', 'user'])
      assert.ok(field in revokeFixture && field in (revoke?.event ?? {}), field);
    assert.deepEqual(revoke?.event.applicationTimeToLiveInSeconds, { [applicationId]: 3600 });
  });

  test('a hard delete revokes the refresh tokens, then sends user.delete with the user and its registrations', async () => {
    const user = await registerUser(target, applicationId);
    await logIn(target, user, applicationId);
    await client.deleteUser(user.id);
    const deliveries = await receiver.waitFor(revocationOf(user.id), 2);
    assert.deepEqual(
      deliveries.map((delivery) => delivery.event.type),
      ['jwt.refresh-token.revoke', 'user.delete'],
    );
    const deleted = deliveries[1]?.event.user as { registrations?: Array<{ applicationId: string }> };
    assert.equal(deleted.registrations?.[0]?.applicationId, applicationId);
  });

  test('registration events carry applicationId, registration and user; an update carries the original', async () => {
    const user = await registerUser(target, applicationId);
    await client.patchRegistration(user.id, { registration: { applicationId, roles: ['admin'] } });
    await client.deleteRegistration(user.id, applicationId);
    const [created, updated, deleted] = await receiver.waitFor(ofUser(user.id), 3);
    assert.deepEqual(
      [created?.event.type, updated?.event.type, deleted?.event.type],
      ['user.registration.create', 'user.registration.update', 'user.registration.delete'],
    );
    for (const delivery of [created, updated, deleted]) {
      assert.equal(delivery?.event.applicationId, applicationId);
      assert.equal((delivery?.event.registration as { applicationId?: string }).applicationId, applicationId);
    }
    assert.deepEqual((updated?.event.original as { roles?: string[] }).roles, ['user']);
    assert.deepEqual((updated?.event.registration as { roles?: string[] }).roles, ['user', 'admin']);
  });

  test('revoking one refresh token sends the token, its user and application', async () => {
    const user = await registerUser(target, applicationId);
    const login = await logIn(target, user, applicationId);
    await client.revokeRefreshTokenById(login.refreshTokenId ?? '');
    const [revoke] = await receiver.waitFor(
      (delivery) => delivery.event.type === 'jwt.refresh-token.revoke' && ofUser(user.id)(delivery),
    );
    assert.equal(revoke?.event.applicationId, applicationId);
    assert.equal((revoke?.event.refreshToken as { id?: string }).id, login.refreshTokenId);
  });

  test('ending a hosted-login SSO session sends jwt.refresh-token.revoke with its user and token, and no application', async () => {
    const user = await registerUser(target, KICKSTART.applicationId);
    const browser = new Browser(target.url);
    const authorize = new URLSearchParams({
      client_id: KICKSTART.applicationId,
      redirect_uri: 'http://localhost:8000/oauth-callback',
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'A'.repeat(43),
      code_challenge_method: 'S256',
    });
    const page = await browser.get(`/oauth2/authorize?${authorize.toString()}`);
    assert.equal(
      (await submitHostedForm(browser, page, { loginId: user.email, password: user.password }, { follow: false }))
        .status,
      302,
    );
    const sso = (await client.retrieveRefreshTokens(user.id)).response.refreshTokens?.find(
      (token) => !token.applicationId,
    );
    assert.ok(sso?.id, 'the SSO session is a refresh token without an application');

    await browser.get(`/oauth2/logout?client_id=${KICKSTART.applicationId}`, { follow: false });
    const [revoke] = await receiver.waitFor(
      (delivery) => delivery.event.type === 'jwt.refresh-token.revoke' && ofUser(user.id)(delivery),
    );
    assert.equal((revoke?.event.refreshToken as { id?: string }).id, sso.id);
    assert.equal(revoke?.event.userId, user.id);
    assert.equal(revoke?.event.applicationId, undefined);
    assert.deepEqual(revoke?.event.applicationTimeToLiveInSeconds, {});
  });

  test('the signature is a JWS over the body’s SHA-256, verifiable with the HMAC secret', async () => {
    const user = await registerUser(target, applicationId);
    const [delivery] = await receiver.waitFor(ofUser(user.id));
    const jws = String(delivery?.headers['x-fusionauth-signature-jwt']);
    const { payload, protectedHeader } = await jwtVerify(jws, new TextEncoder().encode(hmacKey.secret), {
      algorithms: ['HS256'],
    });
    assert.equal(protectedHeader.typ, 'JWT');
    assert.ok(protectedHeader.kid);
    assert.equal(
      payload.request_body_sha256,
      createHash('sha256')
        .update(delivery?.rawBody ?? '')
        .digest('base64'),
    );
    await assert.rejects(jwtVerify(jws, new TextEncoder().encode('another secret'), { algorithms: ['HS256'] }));
  });

  test('an RS256 signing key verifies through the JWKS by kid; HMAC secrets never appear there', async () => {
    const keyId = randomUUID();
    await client.generateKey(keyId, { key: { algorithm: KeyAlgorithm.RS256, name: `webhook ${keyId}`, length: 2048 } });
    await client.patchWebhook(webhookId, {
      webhook: { signatureConfiguration: { enabled: true, signingKeyId: keyId } },
    });
    const user = await registerUser(target, applicationId);
    const [delivery] = await receiver.waitFor(ofUser(user.id));
    const jws = String(delivery?.headers['x-fusionauth-signature-jwt']);
    assert.equal(decodeProtectedHeader(jws).alg, 'RS256');
    const { payload } = await jwtVerify(jws, createRemoteJWKSet(new URL(`${target.url}/.well-known/jwks.json`)));
    assert.equal(
      payload.request_body_sha256,
      createHash('sha256')
        .update(delivery?.rawBody ?? '')
        .digest('base64'),
    );
    const jwks = await send(target, 'GET', '/.well-known/jwks.json', { authorization: null });
    assert.doesNotMatch(jwks.text, /"kty":"oct"/);
  });

  test('an HMAC key imported with a secret signs with that secret', async () => {
    const keyId = randomUUID();
    const secret = `imported-${randomUUID()}`;
    const imported = await client.importKey(keyId, {
      key: { algorithm: KeyAlgorithm.HS256, name: `imported ${keyId}`, secret },
    });
    assert.equal(imported.response.key?.secret, secret);
    await client.patchWebhook(webhookId, {
      webhook: { signatureConfiguration: { enabled: true, signingKeyId: keyId } },
    });
    const user = await registerUser(target, applicationId);
    const [delivery] = await receiver.waitFor(ofUser(user.id));
    await jwtVerify(String(delivery?.headers['x-fusionauth-signature-jwt']), new TextEncoder().encode(secret));
  });

  test('custom headers and HTTP basic credentials go with every delivery; unsigned webhooks send no signature', async () => {
    await client.updateWebhook(webhookId, {
      webhook: {
        url: receiver.url,
        eventsEnabled: ALL_EVENTS,
        headers: { 'X-Shared': 'abc' },
        httpAuthenticationUsername: 'fa',
        httpAuthenticationPassword: 'pw',
      },
    });
    const user = await registerUser(target, applicationId);
    const [delivery] = await receiver.waitFor(ofUser(user.id));
    assert.equal(delivery?.headers['x-shared'], 'abc');
    assert.equal(delivery?.headers.authorization, `Basic ${Buffer.from('fa:pw').toString('base64')}`);
    assert.equal(delivery?.headers['x-fusionauth-signature-jwt'], undefined);
  });

  test('only event types both the webhook and the tenant enable are sent', async () => {
    await client.patchWebhook(webhookId, {
      webhook: { eventsEnabled: { 'user.registration.create': false, 'user.create': true } } as never,
    });
    const user = await registerUser(target, applicationId);
    await client.deactivateUser(user.id);
    await receiver.waitFor((delivery) => delivery.event.type === 'user.deactivate' && ofUser(user.id)(delivery));
    const types = receiver.received.filter(ofUser(user.id)).map((delivery) => delivery.event.type);
    assert.ok(!types.includes('user.registration.create'), 'disabled on the webhook');
    assert.ok(!types.includes('user.create'), 'not enabled on the tenant');
  });

  test('a failed delivery is retried up to 3 more times with the same event id', async () => {
    let failures = 2;
    receiver.respond = () => (failures-- > 0 ? 500 : 200);
    const user = await registerUser(target, applicationId);
    const attempts = await receiver.waitFor(ofUser(user.id), 3);
    assert.equal(new Set(attempts.map((delivery) => delivery.event.id)).size, 1);

    receiver.received.length = 0;
    receiver.respond = () => 503;
    const other = await registerUser(target, applicationId);
    const all = await receiver.waitFor(ofUser(other.id), 4, 5000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(receiver.received.filter(ofUser(other.id)).length, all.length);
    assert.equal(all.length, 4);
  });

  test('one user’s events arrive in order, even when an earlier delivery is slow or retried', async () => {
    const user = await registerUser(target, applicationId);
    await receiver.waitFor(ofUser(user.id));
    receiver.received.length = 0;
    let first = true;
    receiver.respond = async () => {
      if (!first) return 200;
      first = false;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return 500;
    };
    await client.patchRegistration(user.id, { registration: { applicationId, roles: ['admin'] } });
    await client.deactivateUser(user.id);
    await client.reactivateUser(user.id);
    await client.deleteUser(user.id);
    await receiver.waitFor(ofUser(user.id), 6, 5000);
    const types = receiver.received.filter(ofUser(user.id)).map((delivery) => delivery.event.type);
    assert.deepEqual(types, [
      'user.registration.update',
      'user.registration.update',
      'jwt.refresh-token.revoke',
      'user.deactivate',
      'user.reactivate',
      'user.delete',
    ]);
  });

  test('the API answers before the receiver does: delivery is asynchronous', async () => {
    receiver.respond = () => new Promise((resolve) => setTimeout(() => resolve(200), 1000));
    const user = await registerUser(target, applicationId);
    const started = Date.now();
    await client.deactivateUser(user.id);
    assert.ok(Date.now() - started < 500, `the API call took ${Date.now() - started} ms`);
  });
});
