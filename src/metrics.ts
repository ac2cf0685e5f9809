/**
 * What an operator watches, in Prometheus' text format (GET /metrics): sign-ins and registrations by
 * outcome, refusals for too many attempts, sessions started and ended by reason, FusionAuth's latency
 * and failures by endpoint, webhook events and their delay, the session store's latency and errors,
 * 503 pages by cause, and users served from the outage grace; plus Node's default process metrics.
 * Each app gets a registry of its own, so several apps in one process (tests) do not mix counts.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Why sessions ended, as the `reason` label says it. */
export type SessionEndReason =
  | 'logout'
  | 'revoke'
  | 'webhook'
  | 'admin'
  | 'application-revoked'
  | 'user-not-allowed'
  | 'refresh-refused'
  | 'expired';

/** Seconds: from a fast local call to the 5 s FusionAuth timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Seconds between FusionAuth creating an event and the app handling it. */
const DELAY_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600];

/** The app's metrics and the registry they are read from. */
export class AppMetrics {
  readonly registry = new Registry();

  readonly signIns = this.#counter(
    'app_sign_ins_total',
    'Sign-in attempts by flow (form, oauth) and outcome (ok, or why not)',
    ['flow', 'outcome'],
  );
  readonly registrations = this.#counter(
    'app_registrations_total',
    'Registrations on our form by outcome (ok, needs-confirmation, invalid)',
    ['flow', 'outcome'],
  );
  readonly rateLimited = this.#counter(
    'app_rate_limited_total',
    'Attempts refused with 429, by the counter that ran out (ip, login)',
    ['counter'],
  );
  readonly sessionsStarted = this.#counter('app_sessions_started_total', 'Signed-in sessions started', []);
  readonly sessionsEnded = this.#counter('app_sessions_ended_total', 'Sessions ended, by reason', ['reason']);
  readonly fusionAuthDuration = new Histogram({
    name: 'app_fusionauth_request_duration_seconds',
    help: 'FusionAuth API calls by endpoint (method and path template), answered or not',
    labelNames: ['endpoint'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly fusionAuthFailures = this.#counter(
    'app_fusionauth_request_failures_total',
    'FusionAuth API calls that got no answer or a 5xx, by endpoint',
    ['endpoint'],
  );
  readonly webhookEvents = this.#counter(
    'app_webhook_events_total',
    'FusionAuth webhook deliveries by event type and outcome',
    ['type', 'outcome'],
  );
  readonly webhookDelay = new Histogram({
    name: 'app_webhook_event_delay_seconds',
    help: 'Time from FusionAuth creating an event to the app handling it, by event type',
    labelNames: ['type'],
    buckets: DELAY_BUCKETS,
    registers: [this.registry],
  });
  readonly storeDuration = new Histogram({
    name: 'app_session_store_duration_seconds',
    help: 'Session store operations by name, succeeded or not',
    labelNames: ['operation'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly storeErrors = this.#counter(
    'app_session_store_errors_total',
    'Session store operations that failed, by name',
    ['operation'],
  );
  readonly unavailablePages = this.#counter('app_unavailable_pages_total', '503 pages by cause (the error code)', [
    'cause',
  ]);
  readonly staleUserServes = this.#counter(
    'app_stale_user_serves_total',
    'Requests served from a user last confirmed before FusionAuth became unreachable (USER_STALE_IF_ERROR_SECONDS)',
    [],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
