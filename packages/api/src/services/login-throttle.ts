/**
 * Slows password guessing without handing strangers a lock-out button (issue 14 #10):
 * - per account (the email trimmed and lower-cased, the same key however it is padded): the
 *   first `freeFailures` failures cost nothing, then each further failure doubles a short
 *   delay up to `maxDelayMs`. Anyone can trigger it, so it stays short: a third party can
 *   make the real user wait at most `maxDelayMs`, never a long lock;
 * - per source address (the shared `FailureWindow`): past `maxFailures` within `windowMs`
 *   that address may not try at all until the window passes. This is what stops a guesser.
 * A success clears the account's delay. Per process, forgotten on restart: a brake.
 */
import { FailureWindow, type FailureWindowOptions } from '@switchyard/core';

export interface LoginThrottleOptions {
  account: { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number; maxKeys?: number };
  address: FailureWindowOptions;
}

export const DEFAULT_THROTTLE: LoginThrottleOptions = {
  account: { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, forgetAfterMs: 15 * 60_000 },
  address: { maxFailures: 20, windowMs: 15 * 60_000 },
};

export interface ThrottleVerdict {
  retryAfterMs: number;
  /** Which budget refused: the account's short delay, or the source address's window. */
  scope: 'account' | 'address' | null;
}

export interface LoginThrottle {
  check(email: string, address: string, now?: number): ThrottleVerdict;
  recordFailure(email: string, address: string, now?: number): void;
  /** A successful login clears the account's delay; the address keeps its history. */
  succeeded(email: string): void;
}

/** One key per account, however the email was padded or cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

interface AccountFailures {
  count: number;
  last: number;
}

export function loginThrottle(options: LoginThrottleOptions = DEFAULT_THROTTLE): LoginThrottle {
  const byAddress = new FailureWindow(options.address);
  const byAccount = new Map<string, AccountFailures>();
  const { freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, maxKeys = 10_000 } = options.account;

  const account = (email: string, now: number): AccountFailures | undefined => {
    const entry = byAccount.get(normalizeEmail(email));
    return entry && now - entry.last < forgetAfterMs ? entry : undefined;
  };
  const delayAfter = (count: number): number =>
    count < freeFailures ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** (count - freeFailures));

  return {
    check(email, address, now = Date.now()) {
      const addressWait = byAddress.retryAfterMs(address, now);
      if (addressWait > 0) return { retryAfterMs: addressWait, scope: 'address' };
      const entry = account(email, now);
      const accountWait = entry ? entry.last + delayAfter(entry.count) - now : 0;
      return accountWait > 0 ? { retryAfterMs: accountWait, scope: 'account' } : { retryAfterMs: 0, scope: null };
    },
    recordFailure(email, address, now = Date.now()) {
      byAddress.recordFailure(address, now);
      const key = normalizeEmail(email);
      const count = (account(email, now)?.count ?? 0) + 1;
      // Re-inserted so the Map's order is least recently failed first, for the bound below.
      byAccount.delete(key);
      byAccount.set(key, { count, last: now });
      if (byAccount.size > maxKeys) byAccount.delete(byAccount.keys().next().value!);
    },
    succeeded(email) {
      byAccount.delete(normalizeEmail(email));
    },
  };
}
