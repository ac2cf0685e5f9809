import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { readFileSync } from 'node:fs';
import type { AppContext } from './app-context.ts';
import type { AppConfig } from './app-config.ts';
import { accountSettingsRoutes } from './account/account-settings.ts';
import { twoFactorSettingsRoutes } from './account/two-factor-settings.ts';
import { passkeySettingsRoutes } from './account/passkey-settings.ts';
import { sessionsPageRoutes } from './account/sessions.ts';
import { confirmIdentityRoutes } from './account/confirm-identity.ts';
import { passwordChangedRoutes } from './account/password-changed.ts';
import { guardAccountChanges } from './account/fresh-authentication-routes.ts';
import { manageUsersRoutes } from './admin/manage-users.ts';
import { forgotPasswordRoutes } from './sign-in/forgot-password.ts';
import { formSignInRoutes } from './sign-in/form-sign-in.ts';
import { passkeySignInRoutes } from './sign-in/passkey-sign-in.ts';
import { signOutRoutes } from './sign-in/sign-out.ts';
import { frontChannelLogoutRoutes } from './sign-in/front-channel-logout.ts';
import { oauthSignInRoutes } from './sign-in/oauth-sign-in.ts';
import { passwordChangeRequiredRoutes } from './sign-in/password-change-required.ts';
import { profileRoutes } from './account/profile.ts';
import { registrationFormRoutes } from './registration/registration-form.ts';
import { twoFactorStepRoutes } from './sign-in/two-factor-step.ts';
import { verificationLinkRoutes } from './registration/verification-links.ts';
import { loadRequestSessions } from './sessions/request-session.ts';
import { requireAdminRole } from './admin/require-admin.ts';
import { requireSignIn } from './sign-in/require-sign-in.ts';
import { UserCache } from './fusionauth/user-cache.ts';
import { webhookReceiverRoutes } from './revocation/webhook-receiver.ts';
import { TokenRefresher } from './sessions/token-refresh.ts';
import { AccessTokenVerifier } from './fusionauth/access-token-verifier.ts';
import { FusionAuthApi } from './fusionauth/fusionauth-api.ts';
import { SessionManager } from './sessions/session-manager.ts';
import { AppMetrics } from './metrics.ts';
import { MeasuredSessionStore } from './sessions/measured-store.ts';
import type { RedisConnection } from './sessions/redis-client.ts';
import type { SessionBackend } from './sessions/session-store.ts';
import { runWithRedisBudget } from './sessions/redis-budget.ts';
import { webhookClaimsOver } from './sessions/webhook-claims.ts';
import { scheduleSessionSweep } from './sessions/sweeper.ts';
import { CsrfGuard } from './web/csrf.ts';
import { registerErrorPages } from './web/error-pages.ts';
import { serializeRequest } from './web/request-log.ts';
import { healthRoutes } from './web/health.ts';
import { metricsRoutes } from './web/metrics-route.ts';
import { createSignInLimiter } from './web/rate-limits.ts';
import { registerSecurityHeaders } from './web/security-headers.ts';
import { registerAppName } from './web/app-name.ts';
import { staticAssetRoutes } from './web/static-assets.ts';

export interface AppDependencies {
  /** The session store with its locks and revocation instant (memory, file or Redis). */
  store: SessionBackend;
  /** The clock; tests freeze or advance it. */
  now?: () => number;
  /** Where log lines go (default stdout); tests capture them. */
  logStream?: { write(line: string): void };
  /** With several instances: where rate-limit counters are shared (Redis). */
  rateLimitRedis?: RedisConnection;
  /** Where the app counts what it does (GET /metrics); a fresh registry when absent. */
  metrics?: AppMetrics;
}

/**
 * What no log line may carry, at any level: cookies, credentials and bodies, wherever a logger path puts
 * them. `rawPacket` is the raw bytes of a request Node's HTTP parser rejected (an oversized or malformed
 * header), which Fastify's client-error line logs at trace: Cookie and Authorization headers included.
 */
const LOG_REDACTIONS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.body',
  'res.headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  'err.rawPacket',
  'err.cause.rawPacket',
  'error.rawPacket',
];

/**
 * The Fastify server: https when TLS files are configured, the trusted-proxy setting, a body limit,
 * and logs that never carry cookies, credentials or the secrets of emailed links (see request-log.ts).
 */
function createServer(config: Readonly<AppConfig>, deps: AppDependencies): FastifyInstance {
  const hops = config.trustProxy;
  const timeouts = slowClientTimeouts(config.requestTimeoutSeconds);
  const options = {
    ...timeouts.fastify,
    http: timeouts.node,
    logger: {
      level: config.logLevel,
      redact: LOG_REDACTIONS,
      serializers: { req: serializeRequest },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: 64 * 1024,
    // A hop count trusts that many proxies in front of the app (proxy-addr's rule).
    trustProxy: typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops,
  };
  if (!config.tls) return Fastify(options);
  // The https overload types the raw server differently; the routes use nothing server-specific.
  return Fastify({
    ...options,
    https: { ...timeouts.node, cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
  });
}

/**
 * A client that trickles its request (a header or a body byte now and then) must not hold a connection
 * open for ever: Fastify's requestTimeout and connectionTimeout default to 0 (none), and Node's own
 * header deadline is a minute. The whole request, headers included, must arrive within `seconds`
 * (Node answers 408 and closes the connection), a connection silent that long is closed, and Node checks
 * the deadlines every second instead of every 30 (https://nodejs.org/api/http.html#serverrequesttimeout).
 */
function slowClientTimeouts(seconds: number) {
  const ms = seconds * 1000;
  return {
    fastify: { requestTimeout: ms, connectionTimeout: ms },
    node: { headersTimeout: ms, requestTimeout: ms, connectionsCheckingInterval: Math.min(1000, ms) },
  };
}

/** APP_URL says https, yet requests arrive as plain http and no proxy is trusted to say otherwise. */
function warnOnPlainHttp(app: FastifyInstance): void {
  let warned = false;
  app.addHook('onRequest', async (request) => {
    if (warned || request.protocol === 'https') return;
    warned = true;
    request.log.warn(
      'APP_URL is https but this request arrived over plain http and TRUST_PROXY is not set: set TRUST_PROXY behind a TLS-terminating proxy, or TLS_CERT_FILE/TLS_KEY_FILE to serve https',
    );
  });
}

/**
 * Builds the web app: plugins, error pages, then the routes in nested scopes: the page scope loads the
 * session, checks CSRF and confirms the user; inside it the signed-in scope requires a person, and
 * inside that the admin scope the admin role. Listening is the caller's job.
 */
export async function buildApp(config: Readonly<AppConfig>, deps: AppDependencies): Promise<FastifyInstance> {
  const secure = new URL(config.appUrl).protocol === 'https:';
  const app = createServer(config, deps);
  if (config.session.store === 'redis') {
    // Before every other preHandler: the session, the rate-limit counters and the handler share one budget.
    const budgetMs = config.session.redisCommandTimeoutMs;
    app.addHook('preHandler', (_request, _reply, done) => runWithRedisBudget(budgetMs, done));
  }
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? new AppMetrics();
  const store = new MeasuredSessionStore(deps.store, metrics);
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  const limitSignInAttempts = await createSignInLimiter(app, {
    ...config.rateLimit,
    redis: deps.rateLimitRedis,
    prefix: config.session.redisPrefix,
    metrics,
  });
  const fusionAuth = new FusionAuthApi({ ...config.fusionAuth, applicationId: config.fusionAuth.clientId, metrics });
  const ctx: AppContext = {
    config,
    fusionAuth,
    sessions: new SessionManager(
      { store, locks: store, revocations: store },
      { ...config.session, secure },
      now,
      metrics,
    ),
    webhookClaims: webhookClaimsOver(store),
    users: new UserCache((userId) => fusionAuth.users.retrieveUser(userId)),
    csrf: new CsrfGuard({ secure, appUrl: config.appUrl }),
    accessTokens: new AccessTokenVerifier({
      fusionAuthUrl: config.fusionAuth.url,
      clientId: config.fusionAuth.clientId,
      now,
    }),
    tokenRefresher: new TokenRefresher(),
    limitSignInAttempts,
    now,
    log: app.log,
    metrics,
  };

  registerSecurityHeaders(app, { secure, fusionAuthUrl: config.fusionAuth.url });
  registerAppName(app, config.appName);
  await app.register(staticAssetRoutes);
  registerErrorPages(app, metrics);
  if (secure && config.trustProxy === false) warnOnPlainHttp(app);
  scheduleSessionSweep(app, store, now, 15 * 60 * 1000, (removed) =>
    metrics.sessionsEnded.inc({ reason: 'expired' }, removed),
  );

  // Outside the page scope: no session is loaded, no CSRF token asked (webhooks are signed instead).
  for (const routes of [healthRoutes, metricsRoutes, webhookReceiverRoutes])
    await app.register(async (scope) => routes(scope, ctx));
  await app.register(async (pages) => {
    loadRequestSessions(pages, ctx);
    const formRoutes = [
      formSignInRoutes,
      passkeySignInRoutes,
      registrationFormRoutes,
      twoFactorStepRoutes,
      passwordChangeRequiredRoutes,
    ];
    const signInRoutes = config.loginFlow === 'oauth' ? [oauthSignInRoutes] : formRoutes;
    // FusionAuth's emails (reset, confirm) link to the app whichever way people sign in.
    const emailedLinkRoutes = [forgotPasswordRoutes, verificationLinkRoutes];
    for (const routes of [
      profileRoutes,
      ...signInRoutes,
      ...emailedLinkRoutes,
      signOutRoutes,
      frontChannelLogoutRoutes,
    ])
      await pages.register(async (scope) => routes(scope, ctx));
    // Every route in here is for a signed-in person; and inside it, every admin route for an admin.
    await pages.register(async (signedIn) => {
      signedIn.addHook('preHandler', requireSignIn(ctx));
      guardAccountChanges(signedIn, ctx);
      // Passkeys sign in on our own form only: with LOGIN_FLOW=oauth, FusionAuth's hosted pages sign people in.
      const passkeyRoutes = config.loginFlow === 'oauth' ? [] : [passkeySettingsRoutes];
      const accountRoutes = [accountSettingsRoutes, twoFactorSettingsRoutes, ...passkeyRoutes, sessionsPageRoutes];
      for (const routes of [...accountRoutes, passwordChangedRoutes, confirmIdentityRoutes])
        await signedIn.register(async (scope) => routes(scope, ctx));
      await signedIn.register(async (admin) => {
        requireAdminRole(admin, ctx);
        await manageUsersRoutes(admin, ctx);
      });
    });
  });
  return app;
}
