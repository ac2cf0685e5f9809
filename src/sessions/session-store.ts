/**
 * The server-side session model and the interface every session store implements
 * (memory, file, Redis). Stores key sessions by a hash of the cookie token, never the token itself.
 */
import type { LockService } from './lock-service.ts';
import type { RevocationInstantStore } from './revocation-watermark.ts';

/** Tokens held server-side in "tokens" session mode. They never reach the browser. */
export interface SessionTokens {
  accessToken: string;
  /** Epoch ms at which the access token expires. */
  accessTokenExpiresAt: number;
  refreshToken?: string;
  refreshTokenId?: string;
}

/** A pending OAuth authorization request, kept until the callback consumes it. */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: number;
  /** Sent with `prompt=login`: the callback accepts only an authentication made after `createdAt`. */
  forceLogin?: boolean;
}

/**
 * A sign-in FusionAuth paused for one more step: a two-factor code (its `twoFactorId`) or
 * a required password change (its `changePasswordId`). Held server-side in an anonymous session,
 * never in a form field, and dropped once the step is done.
 */
export interface PendingSignIn {
  step: 'two-factor' | 'change-password';
  /** The twoFactorId or changePasswordId. */
  id: string;
  returnTo: string;
  /** From the two-factor step just passed, for the required change: the person is not asked for a second code. */
  trustToken?: string;
  /** The sign-in began with a passkey (kept for the session this step ends in). */
  signedInWith?: 'passkey';
  /** Epoch ms. */
  createdAt: number;
}

/**
 * One session as stored. Stores hand out and keep copies of the record itself, not of its nested
 * parts: those are read-only and replaced whole when they change, so a shallow copy is a safe copy.
 */
export interface SessionRecord {
  /** Public identifier: safe to show and to put in URLs, never usable as a cookie. */
  id: string;
  /** The signed-in user, or null for an anonymous session (e.g. one holding an OAuth transaction). */
  userId: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms of the last request that touched this session (written at most once per touch interval). */
  lastSeenAt: number;
  /** Absolute expiry, epoch ms: no activity extends a session past it. */
  absoluteExpiresAt: number;
  /**
   * When the store may forget this session, epoch ms: the earlier of the absolute expiry and the
   * idle deadline. The app moves it forward when it touches the session.
   */
  expiresAt: number;
  /** Secret behind this session's CSRF tokens. */
  csrfSecret: string;
  ip?: string;
  userAgent?: string;
  /**
   * Epoch ms at which the person last proved it is them (signing in, or the password, a code or a passkey
   * on /account/confirm): account-changing actions ask again once it is older than REAUTH_SECONDS.
   */
  reauthenticatedAt?: number;
  /**
   * How the person signed in, when not with a password typed here (shown on the sessions page): a
   * passkey, or FusionAuth's SSO session, which signed them in to another application first.
   */
  signedInWith?: 'passkey' | 'sso';
  /**
   * The FusionAuth SSO session the sign-in came through (OAuth sign-ins: the ID token's `sid`). When
   * FusionAuth ends it, every session begun through it ends, in every application of the tenant.
   */
  ssoSessionId?: string;
  tokens?: Readonly<SessionTokens>;
  pendingAuthorization?: Readonly<PendingAuthorization>;
  pendingSignIn?: Readonly<PendingSignIn>;
}

export interface StoredSession {
  /** The storage key: a hash of the cookie token. */
  key: string;
  session: SessionRecord;
}

export interface SessionStore {
  /** Saves a brand-new session under `key`. */
  create(key: string, session: SessionRecord): Promise<void>;
  /** The session under `key`, or null when it is missing or expired. */
  get(key: string): Promise<SessionRecord | null>;
  /**
   * Replaces an existing session. Writes nothing and returns false when the session no longer
   * exists, so a request still in flight never resurrects a destroyed session.
   */
  update(key: string, session: SessionRecord): Promise<boolean>;
  /** Removes the session; removing a missing one is not an error. */
  destroy(key: string): Promise<void>;
  /**
   * Removes the session and remembers until `until` (epoch ms; when it would have expired) that it was
   * revoked, not merely expired: a tombstone under the same key holding `note` (why, in a few bytes),
   * which `create` under that key keeps.
   */
  revoke(key: string, until: number, note: string): Promise<void>;
  /** The note of a live tombstone for the session under `key`, or null when it was not revoked. */
  revocationNote(key: string): Promise<string | null>;
  /** Every live session of a user, through the per-user index. */
  listUserSessions(userId: string): Promise<StoredSession[]>;
  /** Destroys every session of a user; returns how many were destroyed. */
  destroyUserSessions(userId: string): Promise<number>;
  /** Removes sessions (and tombstones) expired at `now` (epoch ms); returns how many sessions were removed. */
  sweepExpired(now: number): Promise<number>;
  /** True when the store can serve requests (for readiness checks). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * What each backend (memory, file, Redis) provides: the session store and, beside it, its own locks
 * and the application-wide revocation instant. Each consumer depends on the one part it uses.
 */
export type SessionBackend = SessionStore & LockService & RevocationInstantStore;
