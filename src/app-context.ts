import type { FastifyBaseLogger } from 'fastify';
import type { AppConfig } from './app-config.ts';
import type { AppMetrics } from './metrics.ts';
import type { FusionAuthApi } from './fusionauth/fusionauth-api.ts';
import type { SessionManager } from './sessions/session-manager.ts';
import type { WebhookClaims } from './sessions/webhook-claims.ts';
import type { UserCache } from './fusionauth/user-cache.ts';
import type { CsrfGuard } from './web/csrf.ts';
import type { AttemptLimiter } from './web/rate-limits.ts';
import type { AccessTokenVerifier } from './fusionauth/access-token-verifier.ts';
import type { TokenRefresher } from './sessions/token-refresh.ts';

/** What the route plugins share: built once by buildApp and handed to each. */
export interface AppContext {
  config: Readonly<AppConfig>;
  fusionAuth: FusionAuthApi;
  sessions: SessionManager;
  /** Webhook de-duplication across instances. */
  webhookClaims: WebhookClaims;
  users: UserCache;
  csrf: CsrfGuard;
  /** Tokens mode: local verification of access tokens, and their single-flight refresh. */
  accessTokens: AccessTokenVerifier;
  tokenRefresher: TokenRefresher;
  /** Per-IP and per-login-id limits for the sign-in and registration forms. */
  limitSignInAttempts: AttemptLimiter;
  /** The clock; tests freeze or advance it. */
  now: () => number;
  log: FastifyBaseLogger;
  metrics: AppMetrics;
}
