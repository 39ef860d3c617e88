/**
 * A keys-per-second limiter for SCAN-driven jobs (backfill, reconciliation), so a job can
 * be throttled below what the production source can spare. Token bucket with a one-second
 * burst; `null` rate = unlimited.
 */
import { sleep } from './types.ts';

export class RateLimiter {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly perSecond: number | null) {
    this.tokens = perSecond ?? 0;
  }

  /** Waits until `n` keys may be processed (a batch larger than the burst waits for its debt). */
  async take(n: number, signal?: AbortSignal): Promise<void> {
    const rate = this.perSecond;
    if (rate === null) return;
    const now = Date.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    this.tokens -= n;
    if (this.tokens < 0) await sleep((-this.tokens / rate) * 1000, signal);
  }
}
