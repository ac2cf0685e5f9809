import type { FusionAuthClient } from '@fusionauth/typescript-client';
import { AppError } from '../errors.ts';
import { callFusionAuth, type ClientAnswer, type FusionAuthAnswer } from './call-fusionauth.ts';

/** What every area of FusionAuth's API shares: one official client, this application's id, the timeout. */
export interface FusionAuthConnection {
  client: FusionAuthClient;
  /** The application (OAuth client) id this app logs users into. */
  applicationId: string;
  timeoutMs: number;
}

/**
 * The base of each area of FusionAuth's API (sign-in, users, passwords...): its calls go through
 * {@link callFusionAuth}, so every expected answer is a value and an outage is FUSIONAUTH_UNAVAILABLE.
 */
export abstract class FusionAuthArea {
  protected readonly applicationId: string;
  readonly #client: FusionAuthClient;
  readonly #timeoutMs: number;

  constructor(connection: FusionAuthConnection) {
    this.applicationId = connection.applicationId;
    this.#client = connection.client;
    this.#timeoutMs = connection.timeoutMs;
  }

  /** One call of the official client, answered as a value within the timeout. */
  protected call<T>(request: (client: FusionAuthClient) => Promise<ClientAnswer<T>>): Promise<FusionAuthAnswer<T>> {
    return callFusionAuth(() => request(this.#client), this.#timeoutMs);
  }

  /** 200 → true, 404 → false, anything else a fault naming the API. */
  protected expectFound(statusCode: number, api: string): boolean {
    if (statusCode === 200) return true;
    if (statusCode === 404) return false;
    throw new AppError('FUSIONAUTH_UNEXPECTED_RESPONSE', `${api} answered ${statusCode}`);
  }
}
