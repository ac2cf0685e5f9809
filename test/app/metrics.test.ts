import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemorySessionStore } from '../../src/sessions/memory-store.ts';
import { makeExpiredSession, newSessionKey, newUserId } from '../sessions/session-fixtures.ts';
import { startTestApp, type TestApp } from '../support/app-fixture.ts';
import { Browser, csrfTokenIn } from '../support/browser.ts';
import { FusionAuthAdmin } from '../support/fusionauth-admin.ts';
import { isRealFusionAuth } from '../support/fusionauth-target.ts';
import { signWebhookBody } from '../support/webhook-events.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789abcdef';

describe('GET /metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN } });
  });
  after(() => t.close());

  async function scrape(): Promise<string> {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return response.text();
  }

  test('answers 401 without the Bearer token or with another one', async () => {
    assert.equal((await fetch(`${t.url}/metrics`)).status, 401);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN.slice(1)}x` } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.headers.get('www-authenticate') ?? '', /^Bearer/);
  });

  test(
    'counts a sign-in, a failed sign-in and a webhook event, with FusionAuth latency, store latency and the process metrics',
    { skip: isRealFusionAuth() && 'signs in as the kickstart user richard@example.com' },
    async () => {
      const browser = new Browser(t.url);
      assert.match((await browser.login('richard@example.com', 'password')).body, /Hello/);
      assert.equal((await new Browser(t.url).login('richard@example.com', 'not the password')).status, 401);
      const admin = new FusionAuthAdmin(t.fusionAuth, t.config.fusionAuth.clientId);
      const user = await admin.createUser();
      await new Browser(t.url).login(user.email, user.password);
      const body = JSON.stringify({
        event: {
          id: randomUUID(),
          type: 'user.deactivate',
          createInstant: t.clock.now(),
          user: { id: user.id, active: false },
        },
      });
      const delivery = await fetch(`${t.url}/webhooks/fusionauth`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-fusionauth-signature-jwt': await signWebhookBody(body) },
      });
      assert.equal(delivery.status, 200);

      const metrics = await scrape();
      assert.match(metrics, /^app_sign_ins_total\{flow="form",outcome="ok"\} 2$/m);
      assert.match(metrics, /^app_sign_ins_total\{flow="form",outcome="invalid-credentials"\} 1$/m);
      assert.match(metrics, /^app_sessions_started_total 2$/m);
      assert.match(metrics, /^app_webhook_events_total\{type="user\.deactivate",outcome="sessions-ended"\} 1$/m);
      assert.match(metrics, /^app_webhook_event_delay_seconds_count\{type="user\.deactivate"\} 1$/m);
      assert.match(metrics, /^app_sessions_ended_total\{reason="webhook"\} 1$/m);
      assert.match(metrics, /^app_fusionauth_request_duration_seconds_count\{endpoint="POST \/api\/login"\} 3$/m);
      assert.match(metrics, /^app_session_store_duration_seconds_count\{operation="create"\} \d+$/m);
      assert.match(metrics, /^process_cpu_seconds_total \d/m);
      assert.match(metrics, /^nodejs_heap_size_used_bytes \d/m);
    },
  );
});

describe(
  'metrics of sessions ending and attempts refused',
  { skip: isRealFusionAuth() && 'signs in as the kickstart user richard@example.com' },
  () => {
    test('a logout is counted as a session ended by logout, and a 429 by the counter that ran out', async () => {
      const t = await startTestApp({ env: { METRICS_TOKEN, RATE_LIMIT_MAX: '4' } });
      try {
        const leaving = new Browser(t.url);
        const profile = await leaving.login('richard@example.com', 'password');
        await leaving.post('/logout', { _csrf: csrfTokenIn(profile.body) });
        for (let i = 0; i < 3; i++) await new Browser(t.url).login('richard@example.com', 'wrong');
        assert.equal((await new Browser(t.url).login('richard@example.com', 'wrong')).status, 429);

        const metrics = await (
          await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
        ).text();
        assert.match(metrics, /^app_sessions_ended_total\{reason="logout"\} 1$/m);
        assert.match(metrics, /^app_rate_limited_total\{counter="ip"\} 1$/m);
      } finally {
        await t.close();
      }
    });
  },
);

describe('metrics of expired sessions', () => {
  test('sessions the store sweeps after their expiry are counted as expired', async () => {
    const store = new MemorySessionStore();
    await store.create(newSessionKey(), makeExpiredSession(newUserId()));
    await store.create(newSessionKey(), makeExpiredSession(newUserId()));
    const t = await startTestApp({ env: { METRICS_TOKEN }, store });
    try {
      // The first sweep runs as the app starts.
      let metrics = '';
      for (let i = 0; i < 50 && !/app_sessions_ended_total\{reason="expired"\}/.test(metrics); i++) {
        await sleep(20);
        metrics = await (
          await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
        ).text();
      }
      assert.match(metrics, /^app_sessions_ended_total\{reason="expired"\} 2$/m);
    } finally {
      await t.close();
      await store.close();
    }
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  test('does not exist', async () => {
    const t = await startTestApp();
    try {
      assert.equal((await fetch(`${t.url}/metrics`)).status, 404);
    } finally {
      await t.close();
    }
  });
});

describe('metrics of an outage', { skip: isRealFusionAuth() ? 'stops the dev server' : false }, () => {
  test('503 pages are counted by cause, and FusionAuth failures by endpoint', async () => {
    const t = await startTestApp({ env: { METRICS_TOKEN } });
    try {
      await t.fusionAuth.close();
      assert.equal((await new Browser(t.url).login('richard@example.com', 'password')).status, 503);
      const metrics = await (
        await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      assert.match(metrics, /^app_unavailable_pages_total\{cause="FUSIONAUTH_UNAVAILABLE"\} 1$/m);
      assert.match(metrics, /^app_fusionauth_request_failures_total\{endpoint="POST \/api\/login"\} 1$/m);
    } finally {
      await t.close();
    }
  });
});
