/** The app's configuration as config.ts reads it from the environment (frozen after start-up). */

export type SessionMode = 'user' | 'tokens';
export type LoginFlow = 'form' | 'oauth';
export type SessionStoreKind = 'file' | 'memory' | 'redis';
export type SameSite = 'lax' | 'strict' | 'none';

/** Settings of the FusionAuth-compatible dev server started by `npm start` when FUSIONAUTH_URL is unset. */
export interface EmbeddedIdpConfig {
  host: string;
  port: number;
  dataDir: string;
  kickstartFile: string | null;
  passwordFactor: number | undefined;
  /** Also send the dev server's emails over SMTP here (a mail catcher). */
  smtpUrl: string | undefined;
}

export interface AppConfig {
  /** The application's name, shown in every page's header and on the sign-out choice ("Acme Account"). */
  appName: string;
  port: number;
  host: string;
  /** Public base URL of the app, without a trailing slash. */
  appUrl: string;
  fusionAuth: {
    url: string;
    apiKey: string;
    clientId: string;
    clientSecret: string;
    tenantId: string | undefined;
    /**
     * The HMAC secret of the key that signs FusionAuth's webhooks (X-FusionAuth-Signature-JWT). Unset:
     * no webhook receiver, and revocation waits for the USER_RECHECK_SECONDS recheck or the next refresh.
     */
    webhookSecret: string | undefined;
  };
  /** Present when the app starts its own dev server instead of using a real FusionAuth. */
  embeddedIdp: EmbeddedIdpConfig | null;
  session: {
    cookieName: string;
    sameSite: SameSite;
    expireSeconds: number;
    idleSeconds: number;
    mode: SessionMode;
    store: SessionStoreKind;
    dir: string;
    redisUrl: string;
    redisPrefix: string;
    /** How long one Redis command may take before the request fails with a 503. */
    redisCommandTimeoutMs: number;
  };
  loginFlow: LoginFlow;
  userRecheckSeconds: number;
  /** User mode: how long past its recheck a confirmed user is still served while FusionAuth cannot answer; 0 = not at all. */
  userStaleIfErrorSeconds: number;
  logLevel: string;
  /** Serve https directly with this certificate and key (PEM files). */
  tls: { certFile: string; keyFile: string } | null;
  /** Which proxies may tell the app the client's address and protocol: none, a hop count, or addresses/CIDRs. */
  trustProxy: false | number | string[];
  /** Attempts allowed per client IP, and per login id, in each window on the sign-in and registration forms. */
  rateLimit: { max: number; windowSeconds: number };
  /** How long a sign-in or a confirmation of the password (or a second factor) counts as fresh for account changes. */
  reauthSeconds: number;
  /** How long one request may take to arrive whole (headers and body) before its connection is closed. */
  requestTimeoutSeconds: number;
  /** Serve GET /metrics to requests bearing this token; unset, there is no /metrics. */
  metricsToken: string | undefined;
  /** NODE_ENV=production: the production guard has passed. */
  production: boolean;
}
