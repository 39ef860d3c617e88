/**
 * Slows password guessing: after too many failed logins for one email within a window,
 * further attempts are refused until the window passes (per console process; a restart
 * forgets, which is fine for a brake, not a lock).
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60_000 };

const failures = new Map<string, number[]>();

const recent = (key: string, windowMs: number, now: number): number[] => (failures.get(key) ?? []).filter((t) => now - t < windowMs);

/** Milliseconds until `email` may try again, or 0 when it may try now. */
export function retryAfterMs(email: string, options: ThrottleOptions = DEFAULT_THROTTLE, now = Date.now()): number {
  const list = recent(email.toLowerCase(), options.windowMs, now);
  if (list.length < options.maxFailures) return 0;
  return options.windowMs - (now - (list[0] ?? now));
}

export function recordFailure(email: string, options: ThrottleOptions = DEFAULT_THROTTLE, now = Date.now()): void {
  const key = email.toLowerCase();
  failures.set(key, [...recent(key, options.windowMs, now), now].slice(-options.maxFailures));
  // Bound memory: guessing across many emails must not grow the map without limit.
  if (failures.size > 10_000) failures.delete(failures.keys().next().value as string);
}

export const clearFailures = (email: string): void => void failures.delete(email.toLowerCase());
