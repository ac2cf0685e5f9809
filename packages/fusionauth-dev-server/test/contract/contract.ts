/** Helpers shared by the FusionAuth contract suite: raw HTTP, client errors, unique test data. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { FusionAuthClient, KeyAlgorithm } from '@fusionauth/typescript-client';
import type { Errors, LoginResponse, User } from '@fusionauth/typescript-client';
import { startFusionAuthTarget, type FusionAuthTarget } from '../support/fusionauth-target.ts';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PASSWORD = 'correct-horse-battery';
/** The fixed ids of what every FusionAuth install holds: its default theme and its own application. */
export const DEFAULT_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';
export const FUSIONAUTH_APPLICATION_ID = '3c219e58-ed0e-4b18-ad48-f4f92793ae32';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; fails the test if it is not JSON. */
  json<T = unknown>(): T;
}

export interface RawRequest {
  body?: unknown;
  /** A body sent as is, e.g. broken JSON. */
  rawBody?: string;
  contentType?: string;
  /** The Authorization header; defaults to the target's API key, `null` sends none. */
  authorization?: string | null;
  headers?: Record<string, string>;
}

/** Sends one request with `fetch`, for what the TS client has no method for or hides (headers, raw bodies). */
export async function send(
  target: FusionAuthTarget,
  method: string,
  path: string,
  request: RawRequest = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = request.authorization === undefined ? target.apiKey : request.authorization;
  if (authorization !== null) headers.authorization = authorization;
  let body: string | undefined = request.rawBody;
  if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  const response = await fetch(`${target.url}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json<T>(): T {
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/, `${method} ${path} answers JSON`);
      return JSON.parse(text) as T;
    },
  };
}

/** A TS client with the target's API key (and tenant, when known). */
export function apiClient(target: FusionAuthTarget, apiKey: string = target.apiKey): FusionAuthClient {
  return new FusionAuthClient(apiKey, target.url, target.tenantId);
}

/**
 * Awaits a client call that must fail. The TS client rejects with a `ClientResponse` (not an `Error`) carrying
 * the status and, for JSON bodies, the parsed `Errors` in `.exception`.
 */
export async function rejection(
  call: Promise<{ statusCode: number }>,
): Promise<{ statusCode: number; errors: Errors | undefined }> {
  try {
    const response = await call;
    assert.fail(`expected a failure, got ${response.statusCode}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    // The TS client's ClientResponse class is a default export its index does not re-export.
    const response = error as { statusCode: number; exception?: unknown };
    assert.equal(typeof response.statusCode, 'number', `a ClientResponse with a status, not ${String(error)}`);
    return { statusCode: response.statusCode, errors: response.exception as Errors | undefined };
  }
}

/** Asserts a FusionAuth Errors body holding `code` under `fieldErrors[field]`, each entry with a message. */
export function assertFieldError(errors: Errors | undefined, field: string, code: string): void {
  assert.ok(errors?.fieldErrors, `a fieldErrors object, got ${JSON.stringify(errors)}`);
  const entries = errors.fieldErrors[field];
  assert.ok(entries, `fieldErrors["${field}"] in ${JSON.stringify(errors)}`);
  assert.ok(
    entries.some((entry) => entry.code === code),
    `${code} in ${JSON.stringify(entries)}`,
  );
  for (const entry of entries) assert.equal(typeof entry.message, 'string');
}

/** A unique, mixed-case-free email, so runs never collide on a shared FusionAuth. */
export function uniqueEmail(label = 'user'): string {
  return `contract-${label}-${randomUUID()}@example.com`;
}

/** For one test file: the FusionAuth under test, a client with its API key, and a fresh application. */
export async function startWithApplication(): Promise<{
  target: FusionAuthTarget;
  client: FusionAuthClient;
  applicationId: string;
}> {
  const target = await startFusionAuthTarget();
  return { target, client: apiClient(target), applicationId: await createApplication(target) };
}

/** Creates an application of the suite's own, like the kickstart one: roles user (default) and admin, refresh tokens on. */
export async function createApplication(target: FusionAuthTarget, timeToLiveInSeconds = 3600): Promise<string> {
  const client = apiClient(target);
  const keyId = randomUUID();
  // An RS256 key of its own, so that tokens verify against the JWKS on a real FusionAuth too (its default is HS256).
  await client.generateKey(keyId, { key: { algorithm: KeyAlgorithm.RS256, name: `contract ${keyId}`, length: 2048 } });
  const applicationId = randomUUID();
  await client.createApplication(applicationId, {
    application: {
      name: `contract ${applicationId}`,
      roles: [{ name: 'user', isDefault: true }, { name: 'admin' }],
      loginConfiguration: { generateRefreshTokens: true, requireAuthentication: true },
      jwtConfiguration: {
        enabled: true,
        timeToLiveInSeconds,
        refreshTokenTimeToLiveInMinutes: 43200,
        accessTokenKeyId: keyId,
        idTokenKeyId: keyId,
      },
    },
  });
  return applicationId;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  user: User;
}

/** Creates a user through the combined registration, registered for `applicationId` with its default roles. */
export async function registerUser(
  target: FusionAuthTarget,
  applicationId: string,
  roles?: string[],
): Promise<TestUser> {
  const email = uniqueEmail();
  const { response } = await apiClient(target).register(null as unknown as string, {
    user: { email, password: PASSWORD },
    registration: { applicationId, ...(roles ? { roles } : {}) },
  });
  assert.ok(response.user?.id);
  return { id: response.user.id, email, password: PASSWORD, user: response.user };
}

/** Creates a user with no registration. */
export async function createUser(target: FusionAuthTarget, fields: Partial<User> = {}): Promise<TestUser> {
  const email = uniqueEmail();
  const { response } = await apiClient(target).createUser(null as unknown as string, {
    user: { email, password: PASSWORD, ...fields },
  });
  assert.ok(response.user?.id);
  return { id: response.user.id, email, password: PASSWORD, user: response.user };
}

/** Logs a user in to `applicationId` and returns the 200 answer. */
export async function logIn(
  target: FusionAuthTarget,
  user: { email: string; password: string },
  applicationId: string,
): Promise<LoginResponse> {
  const result = await apiClient(target).login({ loginId: user.email, password: user.password, applicationId });
  assert.equal(result.statusCode, 200);
  return result.response;
}

/** Retries `probe` until it returns true: a real FusionAuth's search index lags writes by up to a second. */
export async function eventually(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
