import { describe, expect, it } from 'vitest';
import { loginThrottle, normalizeEmail } from './login-throttle.ts';

const options = {
  account: { freeFailures: 3, baseDelayMs: 100, maxDelayMs: 1000, forgetAfterMs: 60_000 },
  address: { maxFailures: 10, windowMs: 5000 },
};

describe('login throttle', () => {
  it('normalizes emails: trimmed and lower-cased', () => {
    expect(normalizeEmail('  Admin@Example.COM \t')).toBe('admin@example.com');
  });

  it('lets the first failures through, then delays each next attempt by a growing, capped delay', () => {
    const throttle = loginThrottle(options);
    const waits: number[] = [];
    for (let n = 0; n < 8; n++) {
      const now = n * 10_000;
      waits.push(throttle.check('a@x', `10.0.0.${n}`, now).retryAfterMs);
      throttle.recordFailure('a@x', `10.0.0.${n}`, now);
      waits.push(throttle.check('a@x', 'elsewhere', now).retryAfterMs);
    }
    // Before each failure: 0 (every delay has passed 10 s later). After it: the new delay.
    expect(waits.filter((_, i) => i % 2 === 0).every((w) => w === 0)).toBe(true);
    expect(waits.filter((_, i) => i % 2 === 1)).toEqual([0, 0, 100, 200, 400, 800, 1000, 1000]);
  });

  it('counts space-padded and re-cased variants of one email against one budget', () => {
    const throttle = loginThrottle(options);
    for (const variant of ['a@x', ' a@x', 'A@X ', '\ta@x\n']) throttle.recordFailure(variant, 'attacker', 0);
    expect(throttle.check('a@x', 'user', 1)).toEqual({ retryAfterMs: 199, scope: 'account' });
  });

  it('stops a guessing address for its whole window, whichever emails it tries', () => {
    const throttle = loginThrottle(options);
    for (let n = 0; n < 10; n++) throttle.recordFailure(`user${n}@x`, 'attacker', n);
    expect(throttle.check('someone-else@x', 'attacker', 100)).toEqual({ retryAfterMs: 4900, scope: 'address' });
    expect(throttle.check('someone-else@x', 'attacker', 5000)).toEqual({ retryAfterMs: 0, scope: null });
  });

  it('never locks the real user out for more than the short cap, however many failures a third party causes', () => {
    const throttle = loginThrottle(options);
    for (let n = 0; n < 200; n++) throttle.recordFailure('victim@x', `10.0.${n >> 8}.${n & 255}`, 1000);
    const verdict = throttle.check('victim@x', 'victim-laptop', 1000);
    expect(verdict.scope).toBe('account');
    expect(verdict.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(throttle.check('victim@x', 'victim-laptop', 2000).retryAfterMs).toBe(0);
  });

  it('forgets an account after a success and after forgetAfterMs without failures', () => {
    const throttle = loginThrottle(options);
    for (let t = 0; t < 5; t++) throttle.recordFailure('b@x', 'addr', t);
    throttle.succeeded(' B@x');
    expect(throttle.check('b@x', 'other', 10).retryAfterMs).toBe(0);
    for (let t = 0; t < 5; t++) throttle.recordFailure('c@x', 'addr2', t);
    throttle.recordFailure('c@x', 'addr3', 60_010);
    // Counting restarted: one failure is still free.
    expect(throttle.check('c@x', 'addr3', 60_011).retryAfterMs).toBe(0);
  });
});
