import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { AppContext } from './app-context.ts';
import type { AppConfig } from './config.ts';
import { accountSessionRoutes } from './auth/account-sessions.ts';
import { formLoginRoutes } from './auth/form-login.ts';
import { logoutRoutes } from './auth/logout.ts';
import { profileRoutes } from './auth/profile.ts';
import { registrationRoutes } from './auth/registration.ts';
import { sessionOf } from './auth/signed-in.ts';
import { UserCache } from './auth/user-cache.ts';
import { TokenRefresher } from './auth/token-refresh.ts';
import { AccessTokenVerifier } from './fusionauth/access-token-verifier.ts';
import { FusionAuthApi } from './fusionauth/fusionauth-api.ts';
import { SessionManager } from './sessions/session-manager.ts';
import type { SessionStore } from './sessions/session-store.ts';
import { scheduleSessionSweep } from './sessions/sweeper.ts';
import { CsrfGuard } from './web/csrf.ts';
import { registerErrorPages } from './web/error-pages.ts';
import { healthRoutes } from './web/health.ts';
import { registerSecurityHeaders } from './web/security-headers.ts';

export interface AppDependencies {
  store: SessionStore;
  /** The clock; tests freeze or advance it. */
  now?: () => number;
  logger?: FastifyServerOptions['logger'];
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set to false on routes that authenticate requests another way (signed webhooks). */
    csrf?: boolean;
  }
}

/** Builds the web app: plugins, CSRF guard, routes and error pages. Listening is the caller's job. */
export async function buildApp(config: Readonly<AppConfig>, deps: AppDependencies): Promise<FastifyInstance> {
  const secure = new URL(config.appUrl).protocol === 'https:';
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    bodyLimit: 64 * 1024,
  });
  const now = deps.now ?? Date.now;
  const ctx: AppContext = {
    config,
    fusionAuth: new FusionAuthApi({ ...config.fusionAuth, applicationId: config.fusionAuth.clientId }),
    sessions: new SessionManager(deps.store, { ...config.session, secure }, now),
    users: new UserCache(),
    csrf: new CsrfGuard({ secure, appUrl: config.appUrl }),
    accessTokens: new AccessTokenVerifier({ fusionAuthUrl: config.fusionAuth.url, clientId: config.fusionAuth.clientId, now }),
    tokenRefresher: new TokenRefresher(),
    now,
    log: app.log,
  };

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await registerSecurityHeaders(app, { secure, fusionAuthUrl: config.fusionAuth.url });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./web/static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });
  registerErrorPages(app);
  scheduleSessionSweep(app, deps.store, now, 15 * 60 * 1000);

  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method) || request.routeOptions.config.csrf === false) return;
    ctx.csrf.verify(request, await sessionOf(ctx, request));
  });

  for (const routes of [healthRoutes, profileRoutes, formLoginRoutes, registrationRoutes, logoutRoutes, accountSessionRoutes]) {
    await app.register(async (scope) => routes(scope, ctx));
  }
  return app;
}
