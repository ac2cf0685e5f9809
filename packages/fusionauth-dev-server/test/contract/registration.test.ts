import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import type { FusionAuthClient, RegistrationRequest } from '@fusionauth/typescript-client';
import type { FusionAuthTarget } from '../support/fusionauth-target.ts';
import {
  assertFieldError,
  createUser,
  PASSWORD,
  registerUser,
  rejection,
  send,
  startWithApplication,
  uniqueEmail,
  UUID_PATTERN,
} from './contract.ts';

let target: FusionAuthTarget;
let client: FusionAuthClient;
let applicationId: string;

before(async () => ({ target, client, applicationId } = await startWithApplication()));
after(() => target?.close());

/** The combined registration of a new user, as the TS client sends it (no user id in the URL). */
function registerNew(request: RegistrationRequest) {
  return client.register(null as unknown as string, request);
}

test('a combined registration creates an active user registered with the default roles', async () => {
  const email = uniqueEmail();
  const { statusCode, response } = await registerNew({
    user: { email, password: PASSWORD },
    registration: { applicationId },
  });

  assert.equal(statusCode, 200);
  assert.match(response.user?.id ?? '', UUID_PATTERN);
  assert.equal(response.user?.email, email);
  assert.equal(response.user?.active, true);
  assert.equal((response.user as Record<string, unknown> | undefined)?.password, undefined);
  assert.equal(response.registration?.applicationId, applicationId);
  assert.match(response.registration?.id ?? '', UUID_PATTERN);
  assert.deepEqual(response.registration?.roles, ['user']);
  assert.equal(typeof response.registration?.insertInstant, 'number');
  assert.equal(response.registration?.verified, true);
  assert.equal(decodeJwt(response.token ?? '').authenticationType, 'REGISTRATION');
  assert.equal(typeof response.refreshToken, 'string', 'the application generates refresh tokens');
  assert.match(response.refreshTokenId ?? '', UUID_PATTERN);

  const stored = await client.retrieveUser(response.user?.id ?? '');
  assert.deepEqual(
    stored.response.user?.registrations?.map((r) => [r.applicationId, r.roles]),
    [[applicationId, ['user']]],
  );
});

test('roles given at registration replace the default ones', async () => {
  const { response } = await registerNew({
    user: { email: uniqueEmail(), password: PASSWORD },
    registration: { applicationId, roles: ['admin'] },
  });
  assert.deepEqual(response.registration?.roles, ['admin']);
});

test('a combined registration honours the user id in its URL', async () => {
  const userId = randomUUID();
  const { response } = await client.register(userId, {
    user: { email: uniqueEmail(), password: PASSWORD },
    registration: { applicationId },
  });
  assert.equal(response.user?.id, userId);
});

test('emails are stored lowercased and a second registration in another case is [duplicate]user.email', async () => {
  const email = uniqueEmail('MixedCase');
  const first = await registerNew({ user: { email, password: PASSWORD }, registration: { applicationId } });
  assert.equal(first.response.user?.email, email.toLowerCase());

  const second = await rejection(
    registerNew({ user: { email: email.toUpperCase(), password: PASSWORD }, registration: { applicationId } }),
  );
  assert.equal(second.statusCode, 400);
  assertFieldError(second.errors, 'user.email', '[duplicate]user.email');
});

test('a missing password is [blank]user.password', async () => {
  const { statusCode, errors } = await rejection(
    registerNew({ user: { email: uniqueEmail() }, registration: { applicationId } }),
  );
  assert.equal(statusCode, 400);
  assertFieldError(errors, 'user.password', '[blank]user.password');
});

test('a password under 8 characters is [tooShort]user.password, and 8 characters are enough', async () => {
  const short = await rejection(
    registerNew({ user: { email: uniqueEmail(), password: '1234567' }, registration: { applicationId } }),
  );
  assert.equal(short.statusCode, 400);
  assertFieldError(short.errors, 'user.password', '[tooShort]user.password');

  const { statusCode } = await registerNew({
    user: { email: uniqueEmail(), password: '12345678' },
    registration: { applicationId },
  });
  assert.equal(statusCode, 200);
});

test('an address that is not an email is [notEmail]user.email', async () => {
  const { statusCode, errors } = await rejection(
    registerNew({ user: { email: 'not-an-email', password: PASSWORD }, registration: { applicationId } }),
  );
  assert.equal(statusCode, 400);
  assertFieldError(errors, 'user.email', '[notEmail]user.email');
});

test('an address with a NUL, a control or a bidirectional override is [notEmail]user.email', async () => {
  for (const email of [`${uniqueEmail()}\u0000`, `x\u0085${uniqueEmail()}`, `\u202e${uniqueEmail()}`]) {
    const { statusCode, errors } = await rejection(
      registerNew({ user: { email, password: PASSWORD }, registration: { applicationId } }),
    );
    assert.equal(statusCode, 400, JSON.stringify(email));
    assertFieldError(errors, 'user.email', '[notEmail]user.email');
  }
});

test('a user with neither email nor username is [blank]user.email', async () => {
  const { statusCode, errors } = await rejection(
    registerNew({ user: { password: PASSWORD }, registration: { applicationId } }),
  );
  assert.equal(statusCode, 400);
  assertFieldError(errors, 'user.email', '[blank]user.email');
});

test('a body that is not JSON is a 400 with a general error', async () => {
  const raw = await send(target, 'POST', '/api/user/registration', { rawBody: '{"user": {"email": ' });
  assert.equal(raw.status, 400);
  const errors = raw.json<{ generalErrors?: { code: string; message: string }[] }>();
  assert.ok(errors.generalErrors?.length, `generalErrors in ${raw.text}`);
  assert.match(errors.generalErrors[0]?.code ?? '', /^\[invalid/);
});

test('an existing user is registered through the user id in the URL, without a user in the body', async () => {
  const { id } = await createUser(target);
  const { statusCode, response } = await client.register(id, { registration: { applicationId } });

  assert.equal(statusCode, 200);
  assert.equal(response.registration?.applicationId, applicationId);
  assert.deepEqual(response.registration?.roles, ['user']);
  const stored = await client.retrieveUser(id);
  assert.equal(stored.response.user?.registrations?.length, 1);
});

test('registering an unknown user id is an empty 404', async () => {
  assert.deepEqual(await rejection(client.register(randomUUID(), { registration: { applicationId } })), {
    statusCode: 404,
    errors: undefined,
  });
  const raw = await send(target, 'POST', `/api/user/registration/${randomUUID()}`, {
    body: { registration: { applicationId } },
  });
  assert.equal(raw.status, 404);
  assert.equal(raw.text, '');
});

test('registering a user twice for one application is a 400 [duplicate] error', async () => {
  const { id } = await registerUser(target, applicationId);
  const { statusCode, errors } = await rejection(client.register(id, { registration: { applicationId } }));
  assert.equal(statusCode, 400);
  const codes = [...(errors?.generalErrors ?? []), ...Object.values(errors?.fieldErrors ?? {}).flat()].map(
    (e) => e.code,
  );
  assert.ok(
    codes.some((code) => code?.startsWith('[duplicate]')),
    `a [duplicate] code in ${JSON.stringify(errors)}`,
  );
});

test('a registration for an unknown application is [invalid]registration.applicationId', async () => {
  const { statusCode, errors } = await rejection(
    registerNew({
      user: { email: uniqueEmail(), password: PASSWORD },
      registration: { applicationId: randomUUID() },
    }),
  );
  assert.equal(statusCode, 400);
  assertFieldError(errors, 'registration.applicationId', '[invalid]registration.applicationId');
});

test('parallel registrations of one email give exactly one success', async () => {
  const email = uniqueEmail('race');
  const attempts = await Promise.allSettled(
    Array.from({ length: 10 }, () =>
      registerNew({ user: { email, password: PASSWORD }, registration: { applicationId } }),
    ),
  );

  assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
  for (const attempt of attempts) {
    if (attempt.status === 'fulfilled') continue;
    const failure = await rejection(Promise.reject(attempt.reason as Error));
    assert.equal(failure.statusCode, 400);
    assertFieldError(failure.errors, 'user.email', '[duplicate]user.email');
  }
  const found = await client.retrieveUserByEmail(email);
  assert.equal(found.statusCode, 200);
});
