/**
 * Where the dev server stands against FusionAuth's whole API: every operation of FusionAuth's OpenAPI spec
 * (test/fixtures/fusionauth-openapi.json) is called once on a kickstarted dev server, and each answer must be
 * FusionAuth-shaped (no 5xx; a body valid against the spec's response schema, with no field the spec does not
 * define) or the dev server's 404 `[UnsupportedEndpoint]`. The package README states the count and
 * docs/openapi-coverage.md lists the operations; `npm run openapi:count -w fusionauth-dev-server` rewrites both.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  isRealFusionAuth,
  KICKSTART,
  startFusionAuthTarget,
  type FusionAuthTarget,
} from '../support/fusionauth-target.ts';
import { checkAnswer, OPENAPI_SPEC, type SpecOperation, type Verdict } from '../support/openapi-spec.ts';
import { apiClient, logIn, PASSWORD, registerUser, send, uniqueEmail } from './contract.ts';
import { renderCoverage, statedCount, withCount } from './openapi-coverage.ts';
import { buildRequest, totpNow, walkOrder, type WalkRequest, type WalkWorld } from './openapi-requests.ts';

const README = new URL('../../README.md', import.meta.url);
const COVERAGE = new URL('../../docs/openapi-coverage.md', import.meta.url);

/** What FusionAuth's official TypeScript client calls beyond the spec (its "retrieve all" reads, among others). */
const CLIENT_ONLY_ROUTES = (
  JSON.parse(readFileSync(new URL('../fixtures/fusionauth-api-routes.json', import.meta.url), 'utf8')) as {
    routes: [method: string, path: string][];
  }
).routes;

let target: FusionAuthTarget;
const verdicts: { operation: SpecOperation; path: string; verdict: Verdict }[] = [];

/** The kickstart's objects, a theme, and users of the walk's own: with a JWT and refresh tokens, with a password reset. */
async function prepareWorld(): Promise<WalkWorld> {
  const variables = (JSON.parse(readFileSync(KICKSTART.file, 'utf8')) as { variables: Record<string, string> })
    .variables;
  const client = apiClient(target);
  const user = await registerRichUser();
  const otherUser = await registerUser(target, KICKSTART.applicationId);
  const resetUser = await registerUser(target, KICKSTART.applicationId);
  const logins = await Promise.all([1, 2, 3, 4, 5].map(() => logIn(target, user, KICKSTART.applicationId)));
  const refreshTokens = logins.map((login) => login.refreshToken ?? '');
  const { response: application } = await client.retrieveApplication(KICKSTART.applicationId);
  const { response: theme } = await client.createTheme(null as unknown as string, { theme: { name: 'walk' } });
  const { response: reset } = await client.forgotPassword({ loginId: resetUser.email, sendForgotPasswordEmail: false });
  const { response: twoFactor } = await client.startTwoFactorLogin({
    loginId: user.email,
    applicationId: KICKSTART.applicationId,
  });
  const regenerate = await userWithAuthenticator();
  const disable = await userWithAuthenticator();
  return {
    apiKey: target.apiKey,
    tenantId: KICKSTART.tenantId,
    applicationId: KICKSTART.applicationId,
    clientSecret: KICKSTART.clientSecret,
    roleId: application.application?.roles?.[0]?.id ?? '',
    keyId: variables.tokenKeyId ?? '',
    webhookId: variables.webhookId ?? '',
    emailTemplateId: variables.forgotPasswordTemplateId ?? '',
    themeId: theme.theme?.id ?? '',
    user: { id: user.id, email: user.email },
    otherUser: {
      id: otherUser.id,
      email: otherUser.email,
      jwt: (await logIn(target, otherUser, KICKSTART.applicationId)).token ?? '',
    },
    jwt: logins[0]?.token ?? '',
    refreshTokenId: logins[0]?.refreshTokenId ?? '',
    refreshTokens: {
      exchange: refreshTokens[1] ?? '',
      logout: refreshTokens[2] ?? '',
      grant: refreshTokens[3] ?? '',
      introspect: refreshTokens[4] ?? '',
    },
    changePasswordId: reset.changePasswordId ?? '',
    twoFactor: { id: twoFactor.twoFactorId ?? '', code: twoFactor.code ?? '' },
    twoFactorUsers: { regenerate: regenerate.id, disable },
  };
}

/** A user with every profile field FusionAuth's User and Registration objects have that an app commonly sets. */
async function registerRichUser(): Promise<{ id: string; email: string; password: string }> {
  const email = uniqueEmail('walk');
  const { response } = await apiClient(target).register(null as unknown as string, {
    user: {
      email,
      password: PASSWORD,
      username: `walk-${randomUUID()}`,
      firstName: 'Walk',
      middleName: 'Open',
      lastName: 'Spec',
      fullName: 'Walk Open Spec',
      birthDate: '1990-01-31',
      timezone: 'Europe/Paris',
      preferredLanguages: ['fr', 'en'],
      mobilePhone: '+33123456789',
      imageUrl: 'https://example.com/walk.png',
      data: { plan: 'free', count: 1, nested: { on: true } },
    },
    registration: {
      applicationId: KICKSTART.applicationId,
      roles: ['user'],
      username: `walk-${randomUUID()}`,
      timezone: 'Europe/Paris',
      preferredLanguages: ['fr'],
      data: { seat: 3 },
    },
    skipVerification: true,
  });
  return { id: response.user?.id ?? '', email, password: PASSWORD };
}

/** A registered user with an authenticator app turned on: its method's id and a recovery code. */
async function userWithAuthenticator(): Promise<{ id: string; methodId: string; recoveryCode: string }> {
  const client = apiClient(target);
  const user = await registerUser(target, KICKSTART.applicationId);
  const { response: secret } = await client.generateTwoFactorSecret();
  const base32 = secret.secretBase32Encoded ?? '';
  const { response: enabled } = await client.enableTwoFactor(user.id, {
    method: 'authenticator',
    code: totpNow(base32),
    secretBase32Encoded: base32,
  });
  const { response: stored } = await client.retrieveUser(user.id);
  return {
    id: user.id,
    methodId: stored.user?.twoFactor?.methods?.[0]?.id ?? '',
    recoveryCode: enabled.recoveryCodes?.[0] ?? '',
  };
}

async function call(operation: SpecOperation, request: WalkRequest): Promise<Verdict> {
  const headers: Record<string, string> = {};
  if (request.authorization !== null) headers.authorization = request.authorization;
  if (request.tenantId !== undefined) headers['x-fusionauth-tenantid'] = request.tenantId;
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  const response = await fetch(`${target.url}${request.path}`, { method: operation.method, headers, body });
  const text = await response.text();
  return checkAnswer(operation, request.path, {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
  });
}

const devServerOnly = {
  skip: isRealFusionAuth() && 'walks every operation, creating and deleting objects: a check of the dev server',
};

before(async () => {
  if (isRealFusionAuth()) return;
  target = await startFusionAuthTarget();
  const world = await prepareWorld();
  const created = new Map<string, Record<string, string>>();
  for (const operation of walkOrder(OPENAPI_SPEC.operations)) {
    const request = buildRequest(operation, world, created);
    const verdict = await call(operation, request);
    verdicts.push({ operation, path: request.path, verdict });
    if (request.creates && verdict.kind === 'supported' && verdict.status < 300)
      created.set(operation.path, request.creates);
  }
});
after(() => target?.close());

function count(kind: Verdict['kind']): number {
  return verdicts.filter(({ verdict }) => verdict.kind === kind).length;
}

test(
  "every operation of FusionAuth's OpenAPI spec answers FusionAuth-shaped (no 5xx, no field off the spec) or [UnsupportedEndpoint]",
  devServerOnly,
  (t) => {
    const supported = verdicts.filter(({ verdict }) => verdict.kind === 'supported');
    const successes = supported.filter(({ verdict }) => verdict.kind === 'supported' && verdict.status < 300);
    t.diagnostic(
      `${OPENAPI_SPEC.operations.length} operations: ${count('supported')} supported (${successes.length} answered 2xx), ` +
        `${count('unsupported')} unsupported, ${count('mismatch')} mismatches`,
    );
    const mismatches = verdicts.flatMap(({ operation, path, verdict }) =>
      verdict.kind === 'mismatch' ? [`${operation.method} ${path} (${operation.operationId}): ${verdict.reason}`] : [],
    );
    assert.equal(verdicts.length, OPENAPI_SPEC.operations.length);
    assert.deepEqual(mismatches, []);
  },
);

test(
  'the package README counts the operations the dev server answers, and docs/openapi-coverage.md lists them',
  devServerOnly,
  () => {
    const coverage = verdicts.map(({ operation, verdict }) => ({
      operation,
      supported: verdict.kind !== 'unsupported',
    }));
    const readme = readFileSync(README, 'utf8');
    const page = renderCoverage(coverage, OPENAPI_SPEC.source);
    if (process.env.OPENAPI_WALK_WRITE === '1') {
      assert.ok(statedCount(readme), 'the README has a count to rewrite');
      writeFileSync(README, withCount(readme, coverage, OPENAPI_SPEC.source));
      writeFileSync(COVERAGE, page);
      return;
    }
    const update = 'run `npm run openapi:count -w fusionauth-dev-server` to update it';
    assert.deepEqual(
      statedCount(readme),
      {
        supported: coverage.filter((entry) => entry.supported).length,
        total: coverage.length,
        version: OPENAPI_SPEC.source.version,
      },
      `the README's count: ${update}`,
    );
    assert.equal(readFileSync(COVERAGE, 'utf8'), page, `docs/openapi-coverage.md: ${update}`);
  },
);

test(
  "the routes FusionAuth's TypeScript client calls beyond the spec answer without a 5xx, or [UnsupportedEndpoint] naming them",
  devServerOnly,
  async () => {
    const wrong: string[] = [];
    for (const [method, template] of CLIENT_ONLY_ROUTES) {
      const path = template.replaceAll('{id}', randomUUID());
      const raw = await send(target, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      const unsupported = raw.status === 404 && raw.text.includes('[UnsupportedEndpoint]');
      if (raw.status >= 500) wrong.push(`${method} ${template}: ${raw.status}`);
      else if (unsupported && !raw.text.includes(`${method} ${path}`)) wrong.push(`${method} ${template}: not named`);
    }
    assert.deepEqual(wrong, []);
  },
);
