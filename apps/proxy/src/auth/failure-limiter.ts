/**
 * Bounds what failed AUTHs cost. Each verification is a deliberate scrypt (tens of
 * milliseconds of CPU), so a guessing loop could keep a worker's thread pool busy. Every
 * remote address has a token bucket of failures: a failed verification takes a token, and an
 * address with none left is refused without running scrypt until the bucket refills.
 * Successful AUTHs are never limited (the verifier answers them from its cache first).
 */
export interface FailureLimiterOptions {
  /** Failures an address may have in a burst. */
  burst: number;
  /** Tokens regained per second. */
  perSecond: number;
  /** Addresses remembered; the least recently failed are forgotten first. */
  maxSources?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class FailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxSources: number;

  constructor(private readonly options: FailureLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.maxSources = options.maxSources ?? 10_000;
  }

  /** Whether `source` may have a secret verified now. */
  allows(source: string): boolean {
    const bucket = this.buckets.get(source);
    return bucket === undefined || this.refill(bucket) >= 1;
  }

  recordFailure(source: string): void {
    const bucket = this.buckets.get(source) ?? { tokens: this.options.burst, at: this.now() };
    bucket.tokens = Math.max(0, this.refill(bucket) - 1);
    // Re-inserted so the Map's order is least recently failed first.
    this.buckets.delete(source);
    this.buckets.set(source, bucket);
    if (this.buckets.size > this.maxSources) this.buckets.delete(this.buckets.keys().next().value!);
  }

  private refill(bucket: Bucket): number {
    const now = this.now();
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    return bucket.tokens;
  }
}
