import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_FUSIONAUTH, loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';

test('with no FUSIONAUTH_URL the app uses the embedded dev server with the quickstart values', () => {
  const config = loadConfig({});
  assert.equal(config.fusionAuth.url, 'http://127.0.0.1:9011');
  assert.equal(config.fusionAuth.apiKey, DEV_FUSIONAUTH.apiKey);
  assert.equal(config.appUrl, 'http://localhost:8000');
  assert.equal(config.session.mode, 'user');
  assert.equal(config.loginFlow, 'form');
  assert.equal(config.session.store, 'file');
  assert.equal(config.session.expireSeconds, 14 * 24 * 3600);
  assert.deepEqual(config.embeddedIdp?.kickstartFile, 'kickstart/kickstart.json');
});

test('the original example’s FUSIONAUTH_HOST_IP and FUSIONAUTH_HOST_PORT are accepted', () => {
  const config = loadConfig({
    FUSIONAUTH_HOST_IP: '10.0.0.5',
    FUSIONAUTH_HOST_PORT: '9012',
    FUSIONAUTH_API_KEY: 'k',
    FUSIONAUTH_CLIENT_ID: 'c',
    FUSIONAUTH_CLIENT_SECRET: 's',
  });
  assert.equal(config.fusionAuth.url, 'http://10.0.0.5:9012');
  assert.equal(config.embeddedIdp, null);
});

test('a real FusionAuth without an API key stops start-up naming the variable', () => {
  assert.throws(
    () => loadConfig({ FUSIONAUTH_URL: 'https://auth.example.com' }),
    (error: Error) => isConfigError(error) && /^FUSIONAUTH_API_KEY: /.test(error.message),
  );
});

for (const [name, value, allowed] of [
  ['SESSION_MODE', 'cookies', /user, tokens/],
  ['LOGIN_FLOW', 'saml', /form, oauth/],
  ['SESSION_STORE', 'postgres', /file, memory, redis/],
  ['SESSION_SAME_SITE', 'sometimes', /lax, strict, none/],
  ['PORT', 'eighty', /whole number/],
  ['SESSION_EXPIRE_SECONDS', '-5', /whole number/],
  ['APP_URL', 'ftp://example.com', /http or https/],
  ['SESSION_COOKIE', 'bad name;', /cookie name/],
  ['IDP_SMTP_URL', 'mailhog:1025', /smtp:\/\/ or smtps:\/\//],
  ['REDIS_COMMAND_TIMEOUT_MS', '0', /whole number from 50 to 60000/],
  ['REDIS_URL', 'memcached://127.0.0.1:11211', /redis\+sentinel:\/\/.*redis\+cluster:\/\//],
  ['REDIS_URL', 'redis+sentinel://127.0.0.1/mymaster', /host:26379/],
  ['REDIS_PREFIX', '{fa}:', /must not contain \{ or \}/],
  ['METRICS_TOKEN', 'short', /at least 32 characters/],
  ['USER_STALE_IF_ERROR_SECONDS', 'ten minutes', /whole number/],
  ['REAUTH_SECONDS', 'five minutes', /whole number/],
  ['REQUEST_TIMEOUT_SECONDS', '0', /whole number from 1 to 3600/],
] as const) {
  test(`a bad ${name} stops start-up with a message that names it and says what is allowed`, () => {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: Error) => isConfigError(error) && error.message.startsWith(`${name}: `) && allowed.test(error.message),
    );
  });
}

test('REDIS_COMMAND_TIMEOUT_MS is 1 s unless set', () => {
  assert.equal(loadConfig({}).session.redisCommandTimeoutMs, 1_000);
  assert.equal(loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '250' }).session.redisCommandTimeoutMs, 250);
});

test('the configuration is frozen', () => {
  const config = loadConfig({});
  assert.throws(() => {
    (config.session as { mode: string }).mode = 'tokens';
  }, TypeError);
});

test('SESSION_SAME_SITE=none without https stops start-up, since browsers would drop the cookie', () => {
  assert.throws(
    () => loadConfig({ SESSION_SAME_SITE: 'none' }),
    (error: Error) => isConfigError(error) && error.message.startsWith('SESSION_SAME_SITE: '),
  );
  assert.equal(loadConfig({ SESSION_SAME_SITE: 'none', APP_URL: 'https://app.example.com' }).session.sameSite, 'none');
});

function isConfigError(error: Error): boolean {
  return error instanceof AppError && error.code === 'CONFIG_INVALID';
}

describe('regression: REDIS_URL credentials in configuration errors', () => {
  for (const url of [
    'redis://:S3CRETPW@127.0.0.1:99999',
    'redis://app:S3CRETPW@127.0.0.1:99999/0',
    'redis+sentinel://app:S3CRET/PW@127.0.0.1:26379/mymaster',
    'redis+sentinel://:S3CRETPW@127.0.0.1/mymaster',
    'redis+cluster://:S3CRETPW@127.0.0.1:7000/0',
  ])
    test(`${url.replace(/S3CRET\/?PW/, '…')} stops start-up without printing the password`, () => {
      assert.throws(
        () => loadConfig({ REDIS_URL: url }),
        (error: Error) =>
          isConfigError(error) && error.message.startsWith('REDIS_URL: ') && !/S3CRET|PW@/.test(error.message),
      );
    });

  for (const url of ['redis://:50%@127.0.0.1:6379', 'redis+sentinel://:50%zz@127.0.0.1:26379/mymaster'])
    test(`a malformed percent-encoding (${url.split('@')[0]}) says what is wrong`, () => {
      assert.throws(
        () => loadConfig({ REDIS_URL: url }),
        (error: Error) =>
          isConfigError(error) && /percent-encoding/.test(error.message) && !error.message.includes('50%'),
      );
    });
});
