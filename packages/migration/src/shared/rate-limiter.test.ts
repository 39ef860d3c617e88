import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rate-limiter.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RateLimiter', () => {
  it('lets a second of burst through, then makes the caller wait for its debt', async () => {
    const limiter = new RateLimiter(1000);
    let done = false;
    await limiter.take(1000);
    const p = limiter.take(500).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    await p;
    expect(done).toBe(true);
  });

  it('never waits without a rate', async () => {
    let done = false;
    await new RateLimiter(null).take(1e9).then(() => (done = true));
    expect(done).toBe(true);
  });
});
