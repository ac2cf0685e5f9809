/**
 * The start-up check that FUSIONAUTH_CLIENT_ID and FUSIONAUTH_CLIENT_SECRET name an application of the
 * FusionAuth the app uses: with two applications run from this code (`npm run start:sso`), a second one
 * set up wrongly should stop at start, naming the variable, not fail at its first sign-in.
 */
import { timingSafeEqual } from 'node:crypto';
import { FusionAuthClient } from '@fusionauth/typescript-client';
import type { AppConfig } from '../app-config.ts';
import { configError } from '../errors.ts';
import { callFusionAuth } from './call-fusionauth.ts';

/** What the check found; `unreachable` is not a misconfiguration (the app serves while FusionAuth is down). */
export type ApplicationCheck =
  | { kind: 'ok'; name: string }
  | { kind: 'unknown-client' }
  | { kind: 'inactive'; name: string }
  | { kind: 'wrong-secret'; name: string }
  | { kind: 'api-key-refused'; status: number }
  | { kind: 'unreachable' };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Reads the application by its id (the client id) with the API key and compares its client secret. */
export async function checkApplication(fusionAuth: Readonly<AppConfig['fusionAuth']>): Promise<ApplicationCheck> {
  const client = new FusionAuthClient(fusionAuth.apiKey, fusionAuth.url, fusionAuth.tenantId);
  let answer;
  try {
    answer = await callFusionAuth(() => client.retrieveApplication(fusionAuth.clientId), 5000);
  } catch {
    return { kind: 'unreachable' };
  }
  const application = answer.response?.application;
  // 400: not a UUID; 404: no such application.
  if ([400, 404].includes(answer.statusCode) || (answer.statusCode === 200 && !application))
    return { kind: 'unknown-client' };
  if (answer.statusCode !== 200 || !application) return { kind: 'api-key-refused', status: answer.statusCode };
  const name = application.name ?? fusionAuth.clientId;
  if (application.active === false) return { kind: 'inactive', name };
  const secret = application.oauthConfiguration?.clientSecret ?? '';
  return sameSecret(secret, fusionAuth.clientSecret) ? { kind: 'ok', name } : { kind: 'wrong-secret', name };
}

/**
 * Start-up: throws CONFIG_INVALID naming the variable when the application is not what the
 * configuration says; FusionAuth unreachable only warns, as the app starts while FusionAuth is down.
 */
export async function assertApplicationConfigured(
  fusionAuth: Readonly<AppConfig['fusionAuth']>,
  warn: (message: string) => void,
): Promise<void> {
  const check = await checkApplication(fusionAuth);
  switch (check.kind) {
    case 'ok':
      return;
    case 'unreachable':
      warn(`FusionAuth (${fusionAuth.url}) does not answer: FUSIONAUTH_CLIENT_ID and its secret were not checked`);
      return;
    case 'unknown-client':
      throw configError(
        'FUSIONAUTH_CLIENT_ID',
        `names no application in the FusionAuth at ${fusionAuth.url}: run npm run setup (or, with the embedded dev server, start on an empty IDP_DATA so the kickstart creates it)`,
      );
    case 'inactive':
      throw configError(
        'FUSIONAUTH_CLIENT_ID',
        `names the application "${check.name}", which is deactivated in FusionAuth`,
      );
    case 'wrong-secret':
      throw configError(
        'FUSIONAUTH_CLIENT_SECRET',
        `is not the client secret of "${check.name}" (FUSIONAUTH_CLIENT_ID)`,
      );
    case 'api-key-refused':
      throw configError(
        'FUSIONAUTH_API_KEY',
        `may not read the application FUSIONAUTH_CLIENT_ID names (FusionAuth answered ${check.status})`,
      );
  }
}
