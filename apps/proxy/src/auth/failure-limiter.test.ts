import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './failure-limiter.ts';
import { hashSecret, SecretVerifier } from './secret-hash.ts';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('FailureLimiter', () => {
  it('allows a burst of failures per address, then refuses until tokens refill', () => {
    const c = clock();
    const limiter = new FailureLimiter({ burst: 3, perSecond: 2, now: c.now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.allows('10.0.0.1')).toBe(true);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.allows('10.0.0.1')).toBe(false);
    // Another address is not affected.
    expect(limiter.allows('10.0.0.2')).toBe(true);
    c.advance(499);
    expect(limiter.allows('10.0.0.1')).toBe(false);
    c.advance(1);
    expect(limiter.allows('10.0.0.1')).toBe(true);
    limiter.recordFailure('10.0.0.1');
    expect(limiter.allows('10.0.0.1')).toBe(false);
    // Refills never exceed the burst.
    c.advance(60_000);
    for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1');
    expect(limiter.allows('10.0.0.1')).toBe(false);
  });

  it('forgets the least recently failed address beyond maxSources', () => {
    const limiter = new FailureLimiter({ burst: 1, perSecond: 0.001, maxSources: 2, now: clock().now });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.allows('a')).toBe(true);
    expect(limiter.allows('b')).toBe(false);
    expect(limiter.allows('c')).toBe(false);
  });
});

describe('SecretVerifier', () => {
  it('limits failed verifications per address but always answers a remembered success', async () => {
    const stored = await hashSecret('right');
    const verifier = new SecretVerifier({ burst: 2, perSecond: 0.001 });
    expect(await verifier.verify('svc', 'right', stored, 'good-host')).toBe('ok');
    expect(await verifier.verify('svc', 'wrong-1', stored, 'bad-host')).toBe('failed');
    // An unknown caller counts like a wrong secret, so the limit does not reveal caller names.
    expect(await verifier.verify('nobody', 'x', undefined, 'bad-host')).toBe('failed');
    expect(await verifier.verify('svc', 'wrong-2', stored, 'bad-host')).toBe('limited');
    // A secret verified before is answered from the cache, even from a limited address…
    expect(await verifier.verify('svc', 'right', stored, 'bad-host')).toBe('ok');
    // …but a limited address gets no verification at all, so a new right secret is refused there.
    const other = await hashSecret('other');
    expect(await verifier.verify('svc2', 'other', other, 'bad-host')).toBe('limited');
    expect(await verifier.verify('svc2', 'other', other, 'good-host')).toBe('ok');
  });
});
