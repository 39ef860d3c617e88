import { describe, expect, it } from 'vitest';
import { loginThrottle } from './login-throttle.ts';

const options = { maxFailures: 3, windowMs: 1000 };

describe('login throttle', () => {
  it('refuses after maxFailures within the window, case-insensitively, until the window passes', () => {
    const throttle = loginThrottle(options);
    for (let t = 0; t < 3; t++) throttle.recordFailure('A@x', 100 + t);
    expect(throttle.retryAfterMs('a@x', 200)).toBe(900);
    expect(throttle.retryAfterMs('a@x', 1101)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = loginThrottle(options);
    for (let t = 0; t < 3; t++) throttle.recordFailure('b@x', t);
    throttle.clear('b@x');
    expect(throttle.retryAfterMs('b@x', 10)).toBe(0);
  });
});
