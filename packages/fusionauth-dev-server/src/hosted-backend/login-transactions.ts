/**
 * The hosted backend's logins in flight: what `/app/login` or `/app/register` started and `/app/callback`
 * finishes (the client, where the browser goes back to, the client's `state`, the PKCE verifier). Held in
 * memory, keyed by the `state` sent to `/oauth2/authorize`, single-use and gone after ten minutes, so the
 * verifier never leaves the server (a restart voids logins in flight, as it voids authorization codes).
 */
import { randomBytes } from 'node:crypto';
import type { DevServerContext } from '../context.ts';

const TTL_MS = 10 * 60_000;

export interface LoginTransaction {
  clientId: string;
  /** The client's own page the browser goes back to. */
  redirectUri: string;
  /** The client's `state`, echoed back on that redirect. */
  clientState?: string;
  codeVerifier: string;
}

interface StoredTransaction extends LoginTransaction {
  expiresAt: number;
}

const transactionsByServer = new WeakMap<DevServerContext, Map<string, StoredTransaction>>();

function transactionsOf(context: DevServerContext): Map<string, StoredTransaction> {
  let transactions = transactionsByServer.get(context);
  if (!transactions) {
    transactions = new Map();
    transactionsByServer.set(context, transactions);
  }
  return transactions;
}

/** Starts a login; returns the `state` (256 random bits) that names it. */
export function startLoginTransaction(context: DevServerContext, transaction: LoginTransaction): string {
  const transactions = transactionsOf(context);
  const now = context.now();
  for (const [key, stored] of transactions) if (stored.expiresAt <= now) transactions.delete(key);
  const state = randomBytes(32).toString('base64url');
  transactions.set(state, { ...transaction, expiresAt: now + TTL_MS });
  return state;
}

/** Ends the login named by `state` and returns it, unless it is unknown or expired. */
export function finishLoginTransaction(context: DevServerContext, state: string): LoginTransaction | undefined {
  const transactions = transactionsOf(context);
  const stored = transactions.get(state);
  transactions.delete(state);
  return stored && stored.expiresAt > context.now() ? stored : undefined;
}
