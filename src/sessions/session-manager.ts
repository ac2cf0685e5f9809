import type { FastifyReply } from 'fastify';
import type { SameSite } from '../app-config.ts';
import type { AppMetrics } from '../metrics.ts';
import type { LockService, ReleaseLock } from './lock-service.ts';
import { RevocationWatermark, type RevocationInstantStore } from './revocation-watermark.ts';
import type { SessionRecord, SessionStore, StoredSession } from './session-store.ts';
import {
  generatePublicSessionId,
  generateSessionToken,
  isWellFormedSessionToken,
  sessionKeyOf,
} from './session-token.ts';
import { randomBytes } from 'node:crypto';
import { decodeRevocationNote, encodeRevocationNote, type RevocationNote } from './revocation-note.ts';

/** How long a session without a signed-in user lasts. */
const ANONYMOUS_SESSION_SECONDS = 30 * 60;

export interface ActiveSession {
  key: string;
  record: SessionRecord;
}

export interface SessionSettings {
  cookieName: string;
  /** Served over https: the cookie gets `Secure` and the `__Host-` prefix. */
  secure: boolean;
  sameSite: SameSite;
  expireSeconds: number;
  idleSeconds: number;
}

export type SessionInit = Pick<SessionRecord, 'userId'> &
  Partial<
    Pick<
      SessionRecord,
      | 'ip'
      | 'userAgent'
      | 'signedInWith'
      | 'ssoSessionId'
      | 'reauthenticatedAt'
      | 'tokens'
      | 'pendingAuthorization'
      | 'pendingSignIn'
    >
  >;

/**
 * Creates, loads, touches and destroys server-side sessions, and owns the session cookie. The cookie
 * holds only an opaque 256-bit token; the store is keyed on its hash.
 */
export class SessionManager {
  readonly #store: SessionStore;
  readonly #locks: LockService;
  readonly cookieName: string;
  readonly #settings: SessionSettings;
  readonly #now: () => number;
  readonly #revocation: RevocationWatermark;
  readonly #metrics: Pick<AppMetrics, 'sessionsEnded'> | undefined;
  /** Session writes of touches in flight, by session key. */
  readonly #touches = new Map<string, Promise<boolean>>();

  constructor(
    backend: { store: SessionStore; locks: LockService; revocations: RevocationInstantStore },
    settings: SessionSettings,
    now: () => number,
    metrics?: Pick<AppMetrics, 'sessionsEnded'>,
  ) {
    this.#store = backend.store;
    this.#locks = backend.locks;
    this.#metrics = metrics;
    this.#settings = settings;
    this.#now = now;
    this.#revocation = new RevocationWatermark(backend.revocations, now);
    // The __Host- prefix makes the browser refuse the cookie unless Secure, Path=/ and no Domain.
    this.cookieName = settings.secure ? `__Host-${settings.cookieName}` : settings.cookieName;
  }

  /** The live session behind a cookie value, or null for a missing, malformed, unknown, expired or revoked one. */
  async load(cookieValue: string | undefined): Promise<ActiveSession | null> {
    if (!isWellFormedSessionToken(cookieValue)) return null;
    const key = sessionKeyOf(cookieValue);
    const record = await this.#store.get(key);
    if (!record) return null;
    if (this.#isExpired(record)) {
      await this.#store.destroy(key);
      return null;
    }
    const revokedBefore = this.#revocation.fresh() ?? (await this.#revocation.current());
    if (record.createdAt < revokedBefore) {
      await this.#store.destroy(key);
      if (record.userId) this.#metrics?.sessionsEnded.inc({ reason: 'application-revoked' });
      return null;
    }
    return { key, record };
  }

  /**
   * Starts a brand-new session (a new token at every login: no fixation) and sets its cookie. With
   * `keepToken` (the browser's current, well-formed cookie value), an anonymous session is stored
   * under that token instead and the cookie is left as it is: a revoked session's tombstone, keyed by
   * it, then still applies to that browser after the anonymous session ends.
   */
  async start(reply: FastifyReply, init: SessionInit, keepToken?: string): Promise<ActiveSession> {
    const now = this.#now();
    const reused = init.userId === null && isWellFormedSessionToken(keepToken) ? keepToken : undefined;
    const token = reused ?? generateSessionToken();
    // An anonymous session only carries a flow in progress (an OAuth transaction): it lives minutes, not days.
    const lifetimeSeconds =
      init.userId === null
        ? Math.min(ANONYMOUS_SESSION_SECONDS, this.#settings.expireSeconds)
        : this.#settings.expireSeconds;
    const absoluteExpiresAt = now + lifetimeSeconds * 1000;
    const record: SessionRecord = {
      ...init,
      id: generatePublicSessionId(),
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt,
      expiresAt: Math.min(absoluteExpiresAt, now + this.#settings.idleSeconds * 1000),
      csrfSecret: randomBytes(18).toString('base64url'),
    };
    const key = sessionKeyOf(token);
    await this.#store.create(key, record);
    if (!reused) reply.setCookie(this.cookieName, token, this.#cookieOptions(lifetimeSeconds));
    return { key, record };
  }

  /**
   * Ends a session someone else ended (another device, an admin, FusionAuth): destroyed, and a
   * tombstone with `note` kept until it would have expired at the latest, so its browser learns it
   * was revoked, and why.
   */
  revoke(stored: StoredSession, note: RevocationNote): Promise<void> {
    return this.#store.revoke(stored.key, stored.session.absoluteExpiresAt, encodeRevocationNote(note));
  }

  /**
   * Why the cookie's session was revoked, or null when it was not (it merely expired, was signed out
   * here, or never was).
   */
  async revocationOf(cookieValue: string | undefined): Promise<RevocationNote | null> {
    if (!isWellFormedSessionToken(cookieValue)) return null;
    const note = await this.#store.revocationNote(sessionKeyOf(cookieValue));
    return note === null ? null : decodeRevocationNote(note);
  }

  /** Whether the request carries a session cookie at all (live or not): a browser that was signed in. */
  hasSessionCookie(cookieValue: string | undefined): boolean {
    return isWellFormedSessionToken(cookieValue);
  }

  /**
   * Whether the idle deadline is due to move: a session is written back at most once per
   * `intervalMs`, so a busy session does not cost a store write per request.
   */
  isTouchDue(session: ActiveSession, intervalMs: number): boolean {
    return this.#now() - session.record.lastSeenAt >= intervalMs;
  }

  /**
   * Moves the idle deadline forward and writes the session back. Returns false when the session is
   * gone. Requests of one session that find the touch due together (a burst after a pause) share
   * one write: one after another, each would wait for the store's lock on that session.
   */
  touch(session: ActiveSession): Promise<boolean> {
    const now = this.#now();
    session.record.lastSeenAt = now;
    session.record.expiresAt = Math.min(session.record.absoluteExpiresAt, now + this.#settings.idleSeconds * 1000);
    const pending = this.#touches.get(session.key);
    if (pending) return pending;
    const writing = this.#store.update(session.key, session.record).finally(() => this.#touches.delete(session.key));
    this.#touches.set(session.key, writing);
    return writing;
  }

  /** The user's live sessions: those an application-wide revocation ended are left out. */
  async listUserSessions(userId: string): Promise<StoredSession[]> {
    const [sessions, revokedBefore] = await Promise.all([
      this.#store.listUserSessions(userId),
      this.#revocation.current(),
    ]);
    return sessions.filter(({ session }) => session.createdAt >= revokedBefore);
  }

  /** Ends every session created before `instant`, on every instance within a second (FusionAuth revoked the application's tokens). */
  revokeAllBefore(instant: number): Promise<void> {
    return this.#revocation.raise(instant);
  }

  /** Writes changes to an existing session; false (nothing written) when it was destroyed meanwhile. */
  save(session: ActiveSession): Promise<boolean> {
    return this.#store.update(session.key, session.record);
  }

  /** The session under `key` as the store has it now (another instance may have changed it), or null. */
  async reload(key: string): Promise<ActiveSession | null> {
    const record = await this.#store.get(key);
    return record ? { key, record } : null;
  }

  /** Removes a session without touching the cookie: a new session is about to replace it, or it belongs to another browser. */
  remove(key: string): Promise<void> {
    return this.#store.destroy(key);
  }

  /** Destroys every session of a user, those a listing no longer shows included; returns how many. */
  destroyUserSessions(userId: string): Promise<number> {
    return this.#store.destroyUserSessions(userId);
  }

  /**
   * Takes a short exclusive lock named `name`, shared by every instance using the store, or null when
   * another holder has it.
   */
  lock(name: string, ttlMs: number): Promise<ReleaseLock | null> {
    return this.#locks.acquireLock(name, ttlMs);
  }

  /** True when the store answers (readiness checks). */
  ping(): Promise<boolean> {
    return this.#store.ping();
  }

  /** Destroys the session and clears its cookie. */
  async destroy(reply: FastifyReply, session: ActiveSession | null): Promise<void> {
    if (session) await this.#store.destroy(session.key);
    this.clearCookie(reply);
  }

  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.cookieName, this.#cookieOptions(undefined));
  }

  #isExpired(record: SessionRecord): boolean {
    const now = this.#now();
    return now >= record.expiresAt || now >= record.absoluteExpiresAt;
  }

  #cookieOptions(maxAge: number | undefined) {
    return {
      path: '/',
      httpOnly: true,
      secure: this.#settings.secure,
      sameSite: this.#settings.sameSite,
      ...(maxAge === undefined ? {} : { maxAge }),
    } as const;
  }
}
