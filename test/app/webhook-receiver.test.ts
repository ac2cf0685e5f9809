/**
 * POST /webhooks/fusionauth acts only on deliveries signed with the webhook's key; forged, unsigned,
 * replayed, stale, future-dated and malformed ones — built from event fixtures in FusionAuth's documented shapes
 * (test/fixtures/fusionauth-events/) — change nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { eventBody, signWebhookBody } from '../support/webhook-events.ts';
import { bothSignedOut, eventually, isSignedIn, userOnTwoBrowsers } from '../support/revocation.ts';

const METRICS_TOKEN = 'metrics-token-for-webhook-tests-0123456789';

describe('the webhook receiver', () => {
  let t: TestApp;
  let admin: FusionAuthAdmin;
  before(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_MAX: '10000', METRICS_TOKEN } });
    admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
  });
  after(() => t.close());

  function post(body: string, signature?: string, headers: Record<string, string> = {}) {
    return fetch(`${t.url}/webhooks/fusionauth`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-fusionauth-signature-jwt': signature } : {}),
        ...headers,
      },
    });
  }

  async function stillSignedIn(browsers: Awaited<ReturnType<typeof userOnTwoBrowsers>>['browsers']) {
    for (const browser of browsers) assert.ok(await isSignedIn(browser), 'still signed in');
  }

  test('a correctly signed user.delete (in FusionAuth’s documented shape) ends the user’s sessions, with no CSRF token', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const body = eventBody('user-delete.json', user.id);
    const response = await post(body, await signWebhookBody(body), {
      origin: 'https://fusionauth.example',
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(response.status, 200);
    await bothSignedOut(browsers);
  });

  for (const example of [
    'user-delete.json',
    'user-deactivate.json',
    'jwt-refresh-token-revoke-all-of-user.json',
    'user-registration-delete.json',
  ]) {
    test(`unsigned and forged copies of ${example} are refused with 401 and change nothing`, async () => {
      const { user, browsers } = await userOnTwoBrowsers(t, admin);
      const body = eventBody(
        example,
        user.id,
        example.includes('registration')
          ? {
              applicationId: admin.applicationId,
              registration: { applicationId: admin.applicationId, roles: ['user'] },
            }
          : {},
      );
      const otherBody = eventBody(example, randomUUID());
      const attempts: Array<[string, string | undefined]> = [
        ['unsigned', undefined],
        ['signed with another secret', await signWebhookBody(body, 'not-the-secret-not-the-secret-not-the-secret')],
        ['a valid signature of another body', await signWebhookBody(otherBody)],
        [
          'alg none',
          `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ request_body_sha256: createHash('sha256').update(body).digest('base64') })).toString('base64url')}.`,
        ],
        ['garbage', 'not.a.jws'],
      ];
      for (const [label, signature] of attempts) assert.equal((await post(body, signature)).status, 401, label);
      await stillSignedIn(browsers);
    });
  }

  /** How many deliveries of `type` /metrics counts with `outcome`. */
  async function deliveries(type: string, outcome: string): Promise<number> {
    const text = await (
      await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const line = text
      .split('\n')
      .find((row) => row.startsWith(`app_webhook_events_total{type="${type}",outcome="${outcome}"}`));
    return Number(line?.split(' ').at(-1) ?? 0);
  }

  test('a replayed delivery changes nothing the second time', async () => {
    const { user, laptop, browsers } = await userOnTwoBrowsers(t, admin);
    const body = eventBody('jwt-refresh-token-revoke-all-of-user.json', user.id);
    const signature = await signWebhookBody(body);
    const type = (JSON.parse(body) as { event: { type: string } }).event.type;
    const duplicatesBefore = await deliveries(type, 'duplicate');
    assert.equal((await post(body, signature)).status, 200);
    await bothSignedOut(browsers);
    const handled = await deliveries(type, 'sessions-ended');

    await laptop.login(user.email, user.password);
    assert.ok(await isSignedIn(laptop));
    assert.equal(
      (await post(body, signature)).status,
      200,
      'a duplicate is acknowledged, so FusionAuth stops retrying',
    );
    await assert.rejects(eventually(async () => !(await isSignedIn(laptop)), 300, 'the replay signed the laptop out'));
    assert.equal(await deliveries(type, 'duplicate'), duplicatesBefore + 1, 'the replay is counted as a duplicate');
    assert.equal(await deliveries(type, 'sessions-ended'), handled, 'and not handled a second time');
  });

  test('a signed event older than the replay window is ignored', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const body = eventBody('user-deactivate.json', user.id, { createInstant: t.clock.now() - 2 * 3600_000 });
    assert.equal((await post(body, await signWebhookBody(body))).status, 200);
    await stillSignedIn(browsers);
  });

  test('a signed event dated more than 5 minutes ahead (30 days, 6 minutes) is ignored, so a forged future date cannot end sessions begun after it arrives', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const body = eventBody('user-deactivate.json', user.id, { createInstant: t.clock.now() + 30 * 24 * 3600_000 });
    assert.equal((await post(body, await signWebhookBody(body))).status, 200, 'acknowledged, so it is not retried');
    await stillSignedIn(browsers);
    const soon = eventBody('user-deactivate.json', user.id, { createInstant: t.clock.now() + 6 * 60_000 });
    assert.equal((await post(soon, await signWebhookBody(soon))).status, 200);
    await stillSignedIn(browsers);
  });

  test('a signed event dated within the clock skew allowance (4 minutes ahead) is handled', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const body = eventBody('user-deactivate.json', user.id, { createInstant: t.clock.now() + 4 * 60_000 });
    assert.equal((await post(body, await signWebhookBody(body))).status, 200);
    await bothSignedOut(browsers);
  });

  test('a signed body that is not a FusionAuth event is a 400; a non-JSON body is refused', async () => {
    for (const body of ['{"event":{"type":"user.delete"}}', '[]', '{"not":"an event"}', '{"event":']) {
      assert.equal((await post(body, await signWebhookBody(body))).status, 400, body);
    }
    const text = await fetch(`${t.url}/webhooks/fusionauth`, {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    assert.ok(text.status >= 400 && text.status < 500);
  });

  test('events for another application, and user.login.success, leave the sessions alone', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const other = randomUUID();
    for (const body of [
      eventBody('user-registration-delete.json', user.id, {
        applicationId: other,
        registration: { applicationId: other, roles: ['user'] },
      }),
      eventBody('user-registration-update.json', user.id, {
        applicationId: other,
        registration: { applicationId: other, roles: ['deactivated'] },
      }),
      eventBody('jwt-refresh-token-revoke-one-application.json', user.id, { applicationId: other }),
      eventBody('user-login-success.json', user.id),
    ])
      assert.equal((await post(body, await signWebhookBody(body))).status, 200);
    await stillSignedIn(browsers);
  });

  test('a user-wide revocation ends only the sessions started before it (e.g. not the one a password change just began)', async () => {
    const { user, browsers } = await userOnTwoBrowsers(t, admin);
    const earlier = eventBody('jwt-refresh-token-revoke-all-of-user.json', user.id, {
      createInstant: t.clock.now() - 60_000,
    });
    assert.equal((await post(earlier, await signWebhookBody(earlier))).status, 200);
    await stillSignedIn(browsers);
    const now = eventBody('jwt-refresh-token-revoke-all-of-user.json', user.id, { createInstant: t.clock.now() });
    assert.equal((await post(now, await signWebhookBody(now))).status, 200);
    await bothSignedOut(browsers);
  });
});
