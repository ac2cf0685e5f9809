/**
 * The FusionAuth-compatible dev server: opens (or creates) the state, listens, and on a first start
 * sets up what a fresh FusionAuth has and applies the kickstart, as FusionAuth does only when its
 * database is empty. `GET /api/status` answers 200 once that is done.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildDevServerApp } from './app.ts';
import type { DevServerContext } from './context.ts';
import { createDomainEvents, type DomainEvents } from './domain/events.ts';
import { listApiKeys } from './domain/api-keys.ts';
import { listApplications } from './domain/applications.ts';
import {
  BUILT_IN_APPLICATION_IDS,
  FUSIONAUTH_APPLICATION_ID,
  addMissingBuiltIns,
  bootstrapState,
  firstTenantId,
} from './domain/built-ins.ts';
import { listTenants } from './domain/tenants.ts';
import { ErrorCollector } from './http/errors.ts';
import { loadKickstart } from './kickstart/load-kickstart.ts';
import { runKickstart } from './kickstart/run-kickstart.ts';
import { createSmtpRelay } from './mailbox/smtp-relay.ts';
import { DEFAULT_PASSWORD_FACTOR } from './passwords.ts';
import type { MailMessage } from './state/model.ts';
import { openStateStore } from './state/store.ts';

export interface DevServerOptions {
  /** Default 9011 (FusionAuth's); 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Directory for persisted state, or 'memory'; default '.idp'. */
  dataDir?: string;
  /** The kickstart file applied on the first start (FusionAuth's format); default, null or '' = none. */
  kickstartFile?: string | null;
  /** PBKDF2 iterations; default FusionAuth's 24000. */
  passwordFactor?: number;
  /** For #{ENV.NAME} in the kickstart; default process.env. */
  env?: Record<string, string | undefined>;
  /** Fastify logging; default false. */
  logger?: boolean;
  /** The clock, epoch ms; default Date.now. Tests pass the app's clock to expire tokens without sleeping. */
  now?: () => number;
  /** Also send every email over SMTP to this `smtp://` or `smtps://` URL (IDP_SMTP_URL), e.g. a mail catcher. */
  smtpUrl?: string;
}

export interface DevServer {
  /** The base URL, e.g. http://127.0.0.1:9011, and the default token issuer. */
  url: string;
  /** The first API key from the kickstart, if any. */
  apiKey: string | undefined;
  /** The first application created by the kickstart, if any. */
  applicationId: string | undefined;
  /** Internal events (user.*, user.registration.*, jwt.*), for webhooks and tests. */
  events: DomainEvents;
  close(): Promise<void>;
}

/** `#{ENV.APP_URL}`'s default in a kickstart (the app's base URL, for its redirect and logout URLs). */
const DEFAULT_APP_URL = 'http://localhost:8000';
/** `#{ENV.FUSIONAUTH_WEBHOOK_SECRET}`'s default in a kickstart: a development-only webhook signing secret. */
const DEFAULT_WEBHOOK_SECRET = 'webhook-secret-that-should-be-regenerated-for-production';

/** Starts the dev server and resolves once it is ready. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const kickstartFile = options.kickstartFile || null;
  const store = await openStateStore(options.dataDir ?? '.idp');
  const relayMail = options.smtpUrl ? await createSmtpRelay(options.smtpUrl, reportFailedDelivery) : undefined;
  const context: DevServerContext = {
    store,
    events: createDomainEvents(now),
    passwordFactor: options.passwordFactor ?? DEFAULT_PASSWORD_FACTOR,
    now,
    baseUrl: '',
    pendingLoginIds: new Set(),
    ...(relayMail ? { relayMail } : {}),
  };
  const firstStart = listTenants(context).length === 0;
  let ready = false;
  const app = await buildDevServerApp(context, { logger: options.logger ?? false, isReady: () => ready });
  await app.listen({ port: options.port ?? 9011, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 9011);
  context.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  try {
    // IDP_URL lets a kickstart set the tenant issuer to this server's URL.
    const env = {
      APP_URL: DEFAULT_APP_URL,
      FUSIONAUTH_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
      IDP_URL: context.baseUrl,
      ...(options.env ?? process.env),
    };
    if (firstStart) await firstStartSetup(context, app, kickstartFile, env);
    else addBuiltInsToSavedState(context);
    await store.flush();
  } catch (error) {
    await app.close();
    if (firstStart) await store.discard();
    throw error;
  }
  ready = true;
  return {
    url: context.baseUrl,
    apiKey: listApiKeys(context)[0]?.key,
    applicationId: listApplications(context).find((application) => !BUILT_IN_APPLICATION_IDS.includes(application.id))
      ?.id,
    events: context.events,
    async close() {
      await app.close();
      await store.flush();
    },
  };
}

function reportFailedDelivery(error: unknown, message: MailMessage): void {
  const reason = error instanceof Error ? error.message : String(error);
  console.warn(
    `[idp] could not send "${message.subject}" to ${message.to} over SMTP (it is in /dev/mailbox): ${reason}`,
  );
}

function addBuiltInsToSavedState(context: DevServerContext): void {
  const tenantId = firstTenantId(context);
  const errors = new ErrorCollector();
  if (tenantId) addMissingBuiltIns(context, tenantId, errors);
  if (!errors.empty) throw new Error(`Dev server upgrade failed: ${JSON.stringify(errors.toErrors())}`);
}

async function firstStartSetup(
  context: DevServerContext,
  app: FastifyInstance,
  kickstartFile: string | null,
  env: Record<string, string | undefined>,
): Promise<void> {
  const defaultTenantId = randomUUID();
  const kickstart = kickstartFile
    ? loadKickstart(kickstartFile, {
        env,
        builtins: { FUSIONAUTH_APPLICATION_ID, FUSIONAUTH_TENANT_ID: defaultTenantId },
      })
    : null;
  const errors = new ErrorCollector();
  await bootstrapState(context, errors, kickstart?.defaultTenantId ?? defaultTenantId);
  if (!errors.empty) throw new Error(`Dev server bootstrap failed: ${JSON.stringify(errors.toErrors())}`);
  if (kickstart) {
    await runKickstart(app, context, kickstart, (message) => console.warn(`[idp] ${message}`));
  }
}
