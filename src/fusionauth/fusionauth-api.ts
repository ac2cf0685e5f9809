import { FusionAuthClient } from '@fusionauth/typescript-client';
import type { AppMetrics } from '../metrics.ts';
import { callFusionAuth } from './call-fusionauth.ts';
import type { FusionAuthConnection } from './fusionauth-area.ts';
import { measureRequests } from './measured-requests.ts';
import { PasskeyApi } from './passkey-api.ts';
import { PasswordApi } from './password-api.ts';
import { RegistrationApi } from './registration-api.ts';
import { RevocationApi } from './revocation-api.ts';
import { SignInApi } from './sign-in-api.ts';
import { TwoFactorApi } from './two-factor-api.ts';
import { UserApi } from './user-api.ts';

export interface FusionAuthSettings {
  url: string;
  apiKey: string;
  tenantId: string | undefined;
  /** The application (OAuth client) id this app logs users into. */
  applicationId: string;
  /** How long to wait for FusionAuth before answering 503. */
  timeoutMs?: number;
  /** Where each call's latency and failure are recorded. */
  metrics?: Pick<AppMetrics, 'fusionAuthDuration' | 'fusionAuthFailures'>;
}

/**
 * The only place that calls FusionAuth's REST API, through the official client, one area per concern
 * (`fusionAuth.signIn.login(…)`, `fusionAuth.users.retrieveUser(…)`). Every method answers with a value
 * for FusionAuth's expected answers and throws AppError FUSIONAUTH_UNAVAILABLE when FusionAuth is down.
 */
export class FusionAuthApi {
  readonly applicationId: string;
  readonly signIn: SignInApi;
  readonly registration: RegistrationApi;
  readonly users: UserApi;
  readonly passwords: PasswordApi;
  readonly twoFactor: TwoFactorApi;
  readonly passkeys: PasskeyApi;
  readonly revocation: RevocationApi;
  readonly #connection: FusionAuthConnection;

  constructor(settings: FusionAuthSettings) {
    const client = new FusionAuthClient(settings.apiKey, settings.url, settings.tenantId);
    if (settings.metrics) measureRequests(client, settings.metrics);
    this.#connection = { client, applicationId: settings.applicationId, timeoutMs: settings.timeoutMs ?? 5000 };
    this.applicationId = settings.applicationId;
    this.signIn = new SignInApi(this.#connection);
    this.registration = new RegistrationApi(this.#connection);
    this.users = new UserApi(this.#connection);
    this.passwords = new PasswordApi(this.#connection);
    this.twoFactor = new TwoFactorApi(this.#connection);
    this.passkeys = new PasskeyApi(this.#connection);
    this.revocation = new RevocationApi(this.#connection);
  }

  /** True when FusionAuth answers its status endpoint. */
  async ping(): Promise<boolean> {
    try {
      const answer = await callFusionAuth(
        () => this.#connection.client.retrieveSystemStatus(),
        this.#connection.timeoutMs,
      );
      return answer.statusCode === 200;
    } catch {
      return false;
    }
  }
}
