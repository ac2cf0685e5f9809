import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { WebAuthnWorkflow, type FusionAuthClient, type WebAuthnCredential } from '@fusionauth/typescript-client';
import { createTestClock, type TestClock } from 'fusionauth-dev-server/testing';
import {
  foreignKey,
  SoftwareAuthenticator,
  type AssertionCredential,
  type AssertionInput,
} from '../../src/testing/software-authenticator.ts';
import { isRealFusionAuth, startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';
import { startWebhookReceiver } from '../support/webhook-receiver.ts';
import {
  apiClient,
  assertFieldError,
  createApplication,
  registerUser,
  send,
  UUID_PATTERN,
  type RawResponse,
  type TestUser,
} from './contract.ts';

const RP_ID = 'localhost';
const ORIGIN = 'http://localhost:8000';
const devServerOnly = { skip: isRealFusionAuth() && 'moves the dev server clock' };

let target: FusionAuthTarget;
let client: FusionAuthClient;
let applicationId: string;
let clock: TestClock;

before(async () => {
  clock = createTestClock();
  target = await startFusionAuthTarget({ now: clock.now });
  client = apiClient(target);
  applicationId = await createApplication(target);
  assert.ok(target.tenantId, 'the tenant under test');
  await client.patchTenant(target.tenantId, {
    tenant: {
      webAuthnConfiguration: {
        enabled: true,
        relyingPartyId: RP_ID,
        relyingPartyName: 'Contract suite',
        bootstrapWorkflow: { enabled: true },
        reauthenticationWorkflow: { enabled: true },
      },
    },
  });
});
after(() => target?.close());

interface Passkey {
  user: TestUser;
  authenticator: SoftwareAuthenticator;
  credential: WebAuthnCredential;
}

async function registerPasskey(user?: TestUser): Promise<Passkey> {
  const owner = user ?? (await registerUser(target, applicationId));
  const start = await client.startWebAuthnRegistration({
    userId: owner.id,
    displayName: 'Test key',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const authenticator = new SoftwareAuthenticator();
  const credential = authenticator.register({
    challenge: start.response.options?.challenge ?? '',
    origin: ORIGIN,
    rpId: RP_ID,
  });
  const complete = await client.completeWebAuthnRegistration({
    userId: owner.id,
    credential,
    origin: ORIGIN,
    rpId: RP_ID,
  });
  assert.ok(complete.response.credential);
  return { user: owner, authenticator, credential: complete.response.credential };
}

/** Starts a sign-in for the passkey's owner and returns the challenge to sign. */
async function startLogin(passkey: Passkey): Promise<string> {
  const start = await client.startWebAuthnLogin({
    applicationId,
    userId: passkey.user.id,
    workflow: WebAuthnWorkflow.bootstrap,
  });
  return start.response.options?.challenge ?? '';
}

async function signIn(
  passkey: Passkey,
  bend: Partial<AssertionInput> = {},
): Promise<{ response: RawResponse; assertion: AssertionCredential }> {
  const challenge = await startLogin(passkey);
  const assertion = passkey.authenticator.assert({ challenge, origin: ORIGIN, rpId: RP_ID, ...bend });
  return { response: await postCompletion('/api/webauthn/login', assertion), assertion };
}

function postCompletion(path: string, credential: AssertionCredential): Promise<RawResponse> {
  return send(target, 'POST', path, { body: { credential, applicationId }, authorization: null });
}

function assertRefused(response: RawResponse, field: string, code: string): void {
  assert.equal(response.status, 400, response.text);
  assertFieldError(response.json(), field, code);
}

test('a new tenant has WebAuthn off, its workflows off and user verification required', async () => {
  const { response } = await client.createTenant(null as unknown as string, {
    tenant: { name: `contract ${Date.now()}-${Math.random()}` },
  });
  const configuration = response.tenant?.webAuthnConfiguration;
  assert.equal(configuration?.enabled, false);
  assert.equal(configuration?.bootstrapWorkflow?.enabled, false);
  assert.equal(configuration?.bootstrapWorkflow?.userVerificationRequirement, 'required');
  assert.equal(configuration?.reauthenticationWorkflow?.authenticatorAttachmentPreference, 'platform');
});

test('registration start answers creation options for the user with a challenge and the relying party', async () => {
  const user = await registerUser(target, applicationId);
  const { response } = await client.startWebAuthnRegistration({
    userId: user.id,
    displayName: 'Laptop',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const options = response.options;
  assert.match(options?.challenge ?? '', /^[A-Za-z0-9_-]{32,}$/);
  assert.deepEqual(options?.rp, { id: RP_ID, name: 'Contract suite' });
  assert.equal(Buffer.from(options?.user?.id ?? '', 'base64url').toString(), user.id);
  assert.equal(options?.user?.name, user.email);
  assert.equal(options?.attestation, 'none');
  assert.ok(
    options?.pubKeyCredParams?.some((parameter) => Number(parameter.alg) === -7),
    'ES256 accepted',
  );
});

test('a software passkey registers and is listed with its name, public key and counter', async () => {
  const { user, credential, authenticator } = await registerPasskey();
  assert.match(credential.id ?? '', UUID_PATTERN);
  assert.equal(credential.credentialId, authenticator.credentialId);
  assert.equal(credential.userId, user.id);
  assert.equal(credential.displayName, 'Test key');
  assert.equal(credential.relyingPartyId, RP_ID);
  assert.match(credential.publicKey ?? '', /^-----BEGIN PUBLIC KEY-----/);
  assert.equal(typeof credential.insertInstant, 'number');

  const list = await client.retrieveWebAuthnCredentialsForUser(user.id);
  assert.deepEqual(
    list.response.credentials?.map((entry) => entry.id),
    [credential.id],
  );
  const one = await client.retrieveWebAuthnCredential(credential.id ?? '');
  assert.equal(one.response.credential?.credentialId, authenticator.credentialId);
});

test('signing in with a passkey answers 200 with tokens and the user, and records the login', async () => {
  const passkey = await registerPasskey();
  const before = Date.now();
  const { response } = await signIn(passkey);
  assert.equal(response.status, 200, response.text);
  const body = response.json<{
    token?: string;
    refreshToken?: string;
    user?: { id: string; lastLoginInstant?: number };
  }>();
  assert.equal(decodeJwt(body.token ?? '').sub, passkey.user.id);
  assert.equal(decodeJwt(body.token ?? '').applicationId, applicationId);
  assert.ok(body.refreshToken);
  assert.equal(body.user?.id, passkey.user.id);
  const { response: retrieved } = await client.retrieveUser(passkey.user.id);
  assert.ok((retrieved.user?.lastLoginInstant ?? 0) >= before - 1000, 'lastLoginInstant moved to this login');
});

test('a sign-in started by login id hands back the state given at its start', async () => {
  const passkey = await registerPasskey();
  const start = await client.startWebAuthnLogin({
    applicationId,
    loginId: passkey.user.email,
    workflow: WebAuthnWorkflow.bootstrap,
    state: { returnTo: '/account' },
  });
  const options = start.response.options;
  assert.deepEqual(
    options?.allowCredentials?.map((descriptor) => descriptor.id),
    [passkey.authenticator.credentialId],
  );
  assert.equal(options?.rpId, RP_ID);
  assert.equal(options?.userVerification, 'required');
  const response = await postCompletion(
    '/api/webauthn/login',
    passkey.authenticator.assert({ challenge: options?.challenge ?? '', origin: ORIGIN, rpId: RP_ID }),
  );
  assert.equal(response.status, 200, response.text);
  assert.deepEqual(response.json<{ state?: unknown }>().state, { returnTo: '/account' });
});

test(
  'a passkey sign-in sends user.login.success for the application',
  { skip: isRealFusionAuth() && 'the receiver must be reachable from FusionAuth: dev server only' },
  async () => {
    const receiver = await startWebhookReceiver();
    const eventConfiguration = { events: { 'user.login.success': { enabled: true, transactionType: 'None' } } };
    await client.patchTenant(target.tenantId ?? '', { tenant: { eventConfiguration } } as never);
    const { response: created } = await client.createWebhook(null as unknown as string, {
      webhook: { url: receiver.url, eventsEnabled: { 'user.login.success': true } as never, global: true },
    });
    try {
      const passkey = await registerPasskey();
      assert.equal((await signIn(passkey)).response.status, 200);
      const [delivery] = await receiver.waitFor(
        (received) =>
          received.event.type === 'user.login.success' &&
          (received.event.user as { id?: string } | undefined)?.id === passkey.user.id,
      );
      assert.equal(delivery?.event.applicationId, applicationId);
      assert.equal(typeof delivery?.event.authenticationType, 'string');
    } finally {
      await client.deleteWebhook(created.webhook?.id ?? '');
      await receiver.close();
    }
  },
);

test('an assertion proves the passkey without a login: the credential comes back with its new counter', async () => {
  const passkey = await registerPasskey();
  const challenge = await startLogin(passkey);
  const response = await postCompletion(
    '/api/webauthn/assert',
    passkey.authenticator.assert({ challenge, origin: ORIGIN, rpId: RP_ID }),
  );
  assert.equal(response.status, 200, response.text);
  const body = response.json<{ credential?: WebAuthnCredential; token?: string }>();
  assert.equal(body.token, undefined);
  assert.equal(body.credential?.id, passkey.credential.id);
  assert.equal(body.credential?.signCount, 1);
});

test('a deleted passkey is gone from the list and no longer signs in', async () => {
  const passkey = await registerPasskey();
  const deleted = await client.deleteWebAuthnCredential(passkey.credential.id ?? '');
  assert.equal(deleted.statusCode, 200);
  const list = await client.retrieveWebAuthnCredentialsForUser(passkey.user.id);
  assert.deepEqual(list.response.credentials, []);
  const retrieved = await send(target, 'GET', `/api/webauthn/${passkey.credential.id ?? ''}`);
  assert.equal(retrieved.status, 404);
  assertRefused((await signIn(passkey)).response, 'credential.id', '[invalid]credential.id');
});

test('a forged signature is refused with 404 and no tokens', async () => {
  const { response } = await signIn(await registerPasskey(), { signingKey: foreignKey() });
  assert.equal(response.status, 404);
  assert.equal(response.text, '');
});

test('a replayed assertion is refused: its challenge was spent by the first sign-in', async () => {
  const passkey = await registerPasskey();
  const { response, assertion } = await signIn(passkey);
  assert.equal(response.status, 200);
  const replay = await postCompletion('/api/webauthn/login', assertion);
  assert.equal(replay.status, 404);
});

test('an assertion made on another origin is refused', async () => {
  const { response } = await signIn(await registerPasskey(), { origin: 'https://evil.example' });
  assertRefused(response, 'origin', '[invalid]origin');
});

test('an assertion signed for another relying party id is refused', async () => {
  const { response } = await signIn(await registerPasskey(), { rpId: 'evil.example' });
  assertRefused(response, 'rpId', '[invalid]rpId');
});

test("another user's passkey cannot answer a sign-in started for this user", async () => {
  const mine = await registerPasskey();
  const theirs = await registerPasskey();
  const challenge = await startLogin(mine);
  const response = await postCompletion(
    '/api/webauthn/login',
    theirs.authenticator.assert({ challenge, origin: ORIGIN, rpId: RP_ID }),
  );
  assertRefused(response, 'credential.id', '[invalid]credential.id');
});

test('a user handle naming someone else is refused', async () => {
  const passkey = await registerPasskey();
  const { response } = await signIn(passkey, {
    userHandle: Buffer.from('00000000-0000-4000-8000-000000000000').toString('base64url'),
  });
  assertRefused(response, 'credential.response.userHandle', '[invalid]credential.response.userHandle');
});

test('a user handle naming the user is accepted, as a discoverable passkey sends it', async () => {
  const passkey = await registerPasskey();
  const { response } = await signIn(passkey, { userHandle: Buffer.from(passkey.user.id).toString('base64url') });
  assert.equal(response.status, 200, response.text);
});

test('an unknown credential id is refused', async () => {
  const { response } = await signIn(await registerPasskey(), {
    credentialId: Buffer.from('no such passkey').toString('base64url'),
  });
  assertRefused(response, 'credential.id', '[invalid]credential.id');
});

test('a signature counter that goes backwards is refused', async () => {
  const passkey = await registerPasskey();
  assert.equal((await signIn(passkey, { signCount: 5 })).response.status, 200);
  const { response } = await signIn(passkey, { signCount: 3 });
  assertRefused(response, 'credential.response.authenticatorData', '[invalid]credential.response.authenticatorData');
});

test('an assertion without user verification is refused where the workflow requires it', async () => {
  const { response } = await signIn(await registerPasskey(), { userVerified: false });
  assertRefused(response, 'credential.response.authenticatorData', '[invalid]credential.response.authenticatorData');
});

test('a challenge expires after three minutes', devServerOnly, async () => {
  const passkey = await registerPasskey();
  const challenge = await startLogin(passkey);
  clock.advance(181_000);
  const response = await postCompletion(
    '/api/webauthn/login',
    passkey.authenticator.assert({ challenge, origin: ORIGIN, rpId: RP_ID }),
  );
  assert.equal(response.status, 404);
});

test('a tenant with WebAuthn off refuses to start a registration with [disabled]workflow', async () => {
  const tenant = await client.createTenant(null as unknown as string, {
    tenant: { name: `contract off ${Date.now()}-${Math.random()}` },
  });
  const tenantId = tenant.response.tenant?.id ?? '';
  const created = await send(target, 'POST', '/api/user', {
    body: { user: { email: `contract-off-${Date.now()}@example.com`, password: 'correct-horse-battery' } },
    headers: { 'X-FusionAuth-TenantId': tenantId },
  });
  const userId = created.json<{ user: { id: string } }>().user.id;
  const response = await send(target, 'POST', '/api/webauthn/register/start', {
    body: { userId, displayName: 'Key', workflow: 'bootstrap' },
    headers: { 'X-FusionAuth-TenantId': tenantId },
  });
  assertRefused(response, 'workflow', '[disabled]workflow');
});

test('the starts need an API key', async () => {
  const response = await send(target, 'POST', '/api/webauthn/start', {
    body: { applicationId, userId: '00000000-0000-0000-0000-000000000000', workflow: 'bootstrap' },
    authorization: null,
  });
  assert.equal(response.status, 401);
});

test('an application that turns the bootstrap workflow off refuses to start a passkey sign-in for itself', async () => {
  const passkey = await registerPasskey();
  const ownApplicationId = await createApplication(target);
  await client.patchApplication(ownApplicationId, {
    application: {
      webAuthnConfiguration: {
        enabled: true,
        bootstrapWorkflow: { enabled: false },
        reauthenticationWorkflow: { enabled: true },
      },
    },
  });
  const response = await send(target, 'POST', '/api/webauthn/start', {
    body: { applicationId: ownApplicationId, userId: passkey.user.id, workflow: 'bootstrap' },
  });
  assertRefused(response, 'workflow', '[disabled]workflow');
});

test('a registration answer cannot be replayed to register the passkey twice', async () => {
  const user = await registerUser(target, applicationId);
  const start = await client.startWebAuthnRegistration({
    userId: user.id,
    displayName: 'Key',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const credential = new SoftwareAuthenticator().register({
    challenge: start.response.options?.challenge ?? '',
    origin: ORIGIN,
    rpId: RP_ID,
  });
  const first = await send(target, 'POST', '/api/webauthn/register/complete', {
    body: { userId: user.id, credential },
    authorization: null,
  });
  assert.equal(first.status, 200, first.text);
  const replay = await send(target, 'POST', '/api/webauthn/register/complete', {
    body: { userId: user.id, credential },
    authorization: null,
  });
  assert.equal(replay.status, 404);
  const list = await client.retrieveWebAuthnCredentialsForUser(user.id);
  assert.equal(list.response.credentials?.length, 1);
});

test('a registration made on another origin is refused and stores nothing', async () => {
  const user = await registerUser(target, applicationId);
  const start = await client.startWebAuthnRegistration({
    userId: user.id,
    displayName: 'Key',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const credential = new SoftwareAuthenticator().register({
    challenge: start.response.options?.challenge ?? '',
    origin: 'https://evil.example',
    rpId: RP_ID,
  });
  const response = await send(target, 'POST', '/api/webauthn/register/complete', {
    body: { userId: user.id, credential },
    authorization: null,
  });
  assertRefused(response, 'origin', '[invalid]origin');
  assert.deepEqual((await client.retrieveWebAuthnCredentialsForUser(user.id)).response.credentials, []);
});

test('one authenticator credential cannot be registered to a second account', async () => {
  const first = await registerPasskey();
  const other = await registerUser(target, applicationId);
  const start = await client.startWebAuthnRegistration({
    userId: other.id,
    displayName: 'Same key',
    workflow: WebAuthnWorkflow.bootstrap,
  });
  const credential = first.authenticator.register({
    challenge: start.response.options?.challenge ?? '',
    origin: ORIGIN,
    rpId: RP_ID,
  });
  const response = await send(target, 'POST', '/api/webauthn/register/complete', {
    body: { userId: other.id, credential, origin: ORIGIN, rpId: RP_ID },
    authorization: null,
  });
  assert.equal(response.status, 400, response.text);
  assert.deepEqual((await client.retrieveWebAuthnCredentialsForUser(other.id)).response.credentials, []);
});
