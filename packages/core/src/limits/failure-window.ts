/**
 * The brake on guessing: at most `maxFailures` failures per key within a sliding `windowMs`,
 * then refusals until the oldest of them leaves the window. The console keys it by email
 * (logins), the proxy by client address (AUTH). Memory is bounded: at most `maxFailures`
 * timestamps per key and `maxKeys` keys, the least recently failed forgotten first. Per
 * process, and forgotten on restart: a brake, not a lock.
 */
export interface FailureWindowOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
}

export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(readonly options: FailureWindowOptions) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.options.maxFailures) return 0;
    return this.options.windowMs - (now - list[0]!);
  }

  recordFailure(key: string, now = Date.now()): void {
    const list = [...this.recent(key, now), now].slice(-this.options.maxFailures);
    // Re-inserted so the Map's order is least recently failed first.
    this.failures.delete(key);
    this.failures.set(key, list);
    if (this.failures.size > (this.options.maxKeys ?? 10_000)) this.failures.delete(this.failures.keys().next().value!);
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
  }
}
