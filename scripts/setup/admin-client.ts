/**
 * FusionAuth's API as the setup command sees it: the official client, with every failure turned into
 * a SetupError that says what to fix. FusionAuth answers 401 (empty body) both for an unknown key and
 * for a key without permission for the endpoint (https://fusionauth.io/docs/apis/authentication); which one it is follows
 * from whether an earlier call with the same key succeeded.
 */
import { FusionAuthClient } from '@fusionauth/typescript-client';
import type { Errors } from '@fusionauth/typescript-client';
import { SetupError } from './setup-error.ts';

const STATUS_TIMEOUT_MS = 10_000;

/** What the client resolves with (its ClientResponse class is not exported by the package index). */
interface Answer<T> {
  response: T;
}

/** What the client rejects with: a ClientResponse, whose statusCode is unset for a network failure. */
interface FailedResponse {
  statusCode?: number;
  exception?: unknown;
}

function describeErrors(exception: unknown): string {
  if (exception instanceof Error) return exception.message;
  const errors = exception as Errors | undefined;
  const general = (errors?.generalErrors ?? []).map((error) => `${error.code}: ${error.message}`);
  const fields = Object.values(errors?.fieldErrors ?? {})
    .flat()
    .map((error) => `${error.code}: ${error.message}`);
  return [...general, ...fields].join('; ') || 'no details';
}

export class AdminClient {
  readonly client: FusionAuthClient;
  readonly #url: string;
  #keyAccepted = false;

  constructor(url: string, apiKey: string) {
    this.#url = url;
    this.client = new FusionAuthClient(apiKey, url);
  }

  /** Sends `X-FusionAuth-TenantId` from now on (needed for creates once there are several tenants). */
  useTenant(tenantId: string): void {
    this.client.setTenantId(tenantId);
  }

  /** Fails with UNREACHABLE or NOT_FUSIONAUTH unless `GET /api/status` answers like FusionAuth. */
  async checkReachable(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.#url}/api/status`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    } catch (error) {
      const cause =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new SetupError(
        'UNREACHABLE',
        `Cannot reach FusionAuth at ${this.#url} (${cause}). Check --fusionauth-url and that FusionAuth is running.`,
        { cause: error },
      );
    }
    await response.arrayBuffer();
    const type = response.headers.get('content-type') ?? '';
    if (response.status === 200 && type.startsWith('application/json')) return;
    if (response.status >= 500 && type.startsWith('application/json')) {
      throw new SetupError(
        'UNREACHABLE',
        `FusionAuth at ${this.#url} is not ready: GET /api/status answered ${response.status}. Wait for it to finish starting and try again.`,
      );
    }
    throw new SetupError(
      'NOT_FUSIONAUTH',
      `${this.#url} does not look like FusionAuth: GET /api/status answered ${response.status} (${type || 'no content type'}). Check --fusionauth-url: it is FusionAuth's base URL, e.g. http://localhost:9011.`,
    );
  }

  /** Runs one API call; `what` names it in errors, e.g. "GET /api/tenant". */
  async call<T>(what: string, request: (client: FusionAuthClient) => Promise<Answer<T>>): Promise<T> {
    const found = await this.#send(what, request, false);
    if (found === null) throw new SetupError('FUSIONAUTH_ERROR', `FusionAuth answered ${what} with 404.`);
    return found;
  }

  /** Like `call`, but a 404 (no such object) gives null. */
  async find<T>(what: string, request: (client: FusionAuthClient) => Promise<Answer<T>>): Promise<T | null> {
    return this.#send(what, request, true);
  }

  async #send<T>(
    what: string,
    request: (client: FusionAuthClient) => Promise<Answer<T>>,
    allowNotFound: boolean,
  ): Promise<T | null> {
    try {
      const { response } = await request(this.client);
      this.#keyAccepted = true;
      return response;
    } catch (error) {
      const failed = error as FailedResponse;
      if (failed?.statusCode === undefined) {
        throw new SetupError(
          'UNREACHABLE',
          `Cannot reach FusionAuth at ${this.#url} for ${what} (${describeErrors(failed?.exception ?? error)}).`,
          { cause: error },
        );
      }
      if (failed.statusCode === 404 && allowNotFound) return null;
      throw this.#failure(what, failed.statusCode, failed.exception);
    }
  }

  #failure(what: string, status: number, exception: unknown): SetupError {
    if (status === 401 && !this.#keyAccepted) {
      return new SetupError(
        'API_KEY_REJECTED',
        `FusionAuth rejected the API key (401 on ${what}). Check --api-key: it must be an API key of this FusionAuth (Settings → API Keys), sent as is, without "Bearer".`,
      );
    }
    if (status === 401) {
      return new SetupError(
        'PERMISSION_DENIED',
        `The API key lacks permission for ${what} (401). Use a key without endpoint restrictions, or allow the Application, Tenant, Key and Webhook APIs (GET, POST, PUT, PATCH) on it.`,
      );
    }
    return new SetupError(
      'FUSIONAUTH_ERROR',
      `FusionAuth refused ${what} with ${status}: ${describeErrors(exception)}`,
    );
  }
}
