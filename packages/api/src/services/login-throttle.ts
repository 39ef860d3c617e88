/**
 * Slows password guessing: after too many failed logins for one email within a window,
 * further attempts are refused until the window passes (the shared `FailureWindow`, keyed by
 * the email in lower case).
 */
import { FailureWindow, type FailureWindowOptions } from '@switchyard/core';

export const DEFAULT_THROTTLE: FailureWindowOptions = { maxFailures: 10, windowMs: 15 * 60_000 };

export interface LoginThrottle {
  /** Milliseconds until `email` may try again, or 0 when it may try now. */
  retryAfterMs(email: string, now?: number): number;
  recordFailure(email: string, now?: number): void;
  clear(email: string): void;
}

export function loginThrottle(options: FailureWindowOptions = DEFAULT_THROTTLE): LoginThrottle {
  const window = new FailureWindow(options);
  const key = (email: string): string => email.toLowerCase();
  return {
    retryAfterMs: (email, now) => window.retryAfterMs(key(email), now),
    recordFailure: (email, now) => window.recordFailure(key(email), now),
    clear: (email) => window.clear(key(email)),
  };
}
