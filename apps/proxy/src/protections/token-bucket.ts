/** A token bucket refilled lazily from the clock: `rate` tokens per second, one second of burst. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    now: number,
    readonly capacity: number = Math.max(1, rate),
  ) {
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Takes one token if there is one; `now` in milliseconds (monotonic). */
  take(now: number): boolean {
    const elapsed = now - this.last;
    if (elapsed > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.rate) / 1000);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
