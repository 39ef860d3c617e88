import { describe, expect, it } from 'vitest';
import { FailureWindow } from './failure-window.ts';

describe('FailureWindow', () => {
  it('refuses a key after maxFailures within the window, until the oldest failure leaves it', () => {
    const w = new FailureWindow({ maxFailures: 3, windowMs: 1000 });
    for (let t = 0; t < 3; t++) {
      expect(w.retryAfterMs('10.0.0.1', 100 + t)).toBe(0);
      w.recordFailure('10.0.0.1', 100 + t);
    }
    expect(w.retryAfterMs('10.0.0.1', 200)).toBe(900);
    // Another key is not affected.
    expect(w.retryAfterMs('10.0.0.2', 200)).toBe(0);
    expect(w.retryAfterMs('10.0.0.1', 1099)).toBe(1);
    expect(w.retryAfterMs('10.0.0.1', 1100)).toBe(0);
    // One more failure brings back the limit: the two later ones are still in the window.
    w.recordFailure('10.0.0.1', 1100);
    expect(w.retryAfterMs('10.0.0.1', 1100)).toBe(1);
    // A long quiet spell earns no credit: maxFailures new failures refuse again.
    for (let t = 0; t < 3; t++) w.recordFailure('10.0.0.1', 60_000 + t);
    expect(w.retryAfterMs('10.0.0.1', 60_002)).toBe(998);
  });

  it('forgets a key on clear, and the least recently failed key beyond maxKeys', () => {
    const w = new FailureWindow({ maxFailures: 1, windowMs: 60_000, maxKeys: 2 });
    w.recordFailure('a', 0);
    w.recordFailure('b', 1);
    w.recordFailure('c', 2);
    expect(w.retryAfterMs('a', 3)).toBe(0);
    expect(w.retryAfterMs('b', 3)).toBeGreaterThan(0);
    expect(w.retryAfterMs('c', 3)).toBeGreaterThan(0);
    w.clear('c');
    expect(w.retryAfterMs('c', 3)).toBe(0);
  });
});
