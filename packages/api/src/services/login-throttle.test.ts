import { describe, expect, it } from 'vitest';
import { clearFailures, recordFailure, retryAfterMs } from './login-throttle.ts';

const options = { maxFailures: 3, windowMs: 1000 };

describe('login throttle', () => {
  it('refuses after maxFailures within the window, case-insensitively, until the window passes', () => {
    for (let t = 0; t < 3; t++) recordFailure('A@x', options, 100 + t);
    expect(retryAfterMs('a@x', options, 200)).toBe(900);
    expect(retryAfterMs('a@x', options, 1101)).toBe(0);
  });

  it('forgets failures after a success', () => {
    for (let t = 0; t < 3; t++) recordFailure('b@x', options, t);
    clearFailures('b@x');
    expect(retryAfterMs('b@x', options, 10)).toBe(0);
  });
});
