/**
 * A circuit breaker per backend instance (seed 003: response-time and error-rate breaking).
 * Closed: counts outcomes in a rolling window and opens on too many failures or slow calls.
 * Open: fails fast; after `openMs` the next request goes through as the probe (half-open),
 * and its outcome closes the breaker or re-opens it. Failures are the backend not answering
 * (refused, lost, timed out), never Redis's own error replies.
 */
import type { TBreakerState } from '@switchyard/core';

export interface BreakerOptions {
  windowMs: number;
  /** Fewest calls in the window before rates are judged. */
  minRequests: number;
  errorRate: number;
  /** Failures in a row that open the breaker whatever the traffic. */
  consecutiveFailures: number;
  slowMs: number;
  slowRate: number;
  /** How long an open breaker fails fast before probing. */
  openMs: number;
}

const SLICES = 5;

/** Admission verdicts: refused, a normal call, or the half-open probe. */
export const REFUSED = 0;
export const ADMITTED = 1;
export const PROBE = 2;
export type Admission = typeof REFUSED | typeof ADMITTED | typeof PROBE;

export class CircuitBreaker {
  state: TBreakerState = 'closed';
  trips = 0;
  private openUntil = 0;
  private probing = false;
  private consecutive = 0;
  private readonly calls = new Array<number>(SLICES).fill(0);
  private readonly failures = new Array<number>(SLICES).fill(0);
  private readonly slow = new Array<number>(SLICES).fill(0);
  private slice = 0;
  private sliceEnd = 0;

  constructor(
    readonly name: string,
    private readonly o: BreakerOptions,
    private readonly onChange: (name: string, state: TBreakerState) => void = () => undefined,
  ) {}

  admit(now: number): Admission {
    if (this.state === 'closed') return ADMITTED;
    if (this.state === 'open' && now >= this.openUntil) {
      this.set('half-open');
      this.probing = false;
    }
    if (this.state === 'half-open' && !this.probing) {
      this.probing = true;
      return PROBE;
    }
    return REFUSED;
  }

  record(admission: Admission, failed: boolean, latencyMs: number, now: number): void {
    const bad = failed || latencyMs >= this.o.slowMs;
    if (admission === PROBE) {
      this.probing = false;
      if (bad) this.open(now);
      else this.close();
      return;
    }
    // Calls admitted before the breaker opened report while it is open: ignore them.
    if (this.state !== 'closed') return;
    this.rotate(now);
    const i = this.slice;
    this.calls[i]!++;
    if (failed) {
      this.failures[i]!++;
      this.consecutive++;
    } else {
      this.consecutive = 0;
    }
    if (latencyMs >= this.o.slowMs) this.slow[i]!++;
    if (bad && this.shouldOpen()) this.open(now);
  }

  private shouldOpen(): boolean {
    if (this.consecutive >= this.o.consecutiveFailures) return true;
    const total = sum(this.calls);
    if (total < this.o.minRequests) return false;
    return sum(this.failures) / total >= this.o.errorRate || sum(this.slow) / total >= this.o.slowRate;
  }

  private rotate(now: number): void {
    if (now < this.sliceEnd) return;
    const width = this.o.windowMs / SLICES;
    // Clear every slice the clock moved past (all of them after a long quiet spell).
    const steps = this.sliceEnd === 0 ? SLICES : Math.min(SLICES, Math.floor((now - this.sliceEnd) / width) + 1);
    for (let s = 0; s < steps; s++) {
      this.slice = (this.slice + 1) % SLICES;
      this.calls[this.slice] = this.failures[this.slice] = this.slow[this.slice] = 0;
    }
    this.sliceEnd = now + width;
  }

  private open(now: number): void {
    this.openUntil = now + this.o.openMs;
    if (this.state === 'closed') this.trips++;
    this.set('open');
  }

  private close(): void {
    this.consecutive = 0;
    this.calls.fill(0);
    this.failures.fill(0);
    this.slow.fill(0);
    this.set('closed');
  }

  private set(state: TBreakerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange(this.name, state);
  }
}

const sum = (xs: readonly number[]): number => {
  let t = 0;
  for (const x of xs) t += x;
  return t;
};

/** Every instance's breaker, created on first use. */
export class Breakers {
  private readonly byName = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly onChange?: (name: string, state: TBreakerState) => void,
  ) {}

  get(name: string): CircuitBreaker {
    let b = this.byName.get(name);
    if (b === undefined) {
      b = new CircuitBreaker(name, this.options, this.onChange);
      this.byName.set(name, b);
    }
    return b;
  }

  all(): IterableIterator<[string, CircuitBreaker]> {
    return this.byName.entries();
  }

  states(): Record<string, TBreakerState> {
    const out: Record<string, TBreakerState> = {};
    for (const [name, b] of this.byName) out[name] = b.state;
    return out;
  }
}
