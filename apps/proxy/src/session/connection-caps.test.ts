import { describe, expect, it } from 'vitest';
import { CallerConnections, overSoftSince } from './connection-caps.ts';

describe('overSoftSince (client-output-buffer-limit)', () => {
  const limit = { hardBytes: 100, softBytes: 50, softSeconds: 2 };

  it('is 0 at or under the soft limit, and disconnects over the hard limit at once', () => {
    expect(overSoftSince(50, limit, 1234, 5000)).toBe(0);
    expect(overSoftSince(101, limit, 0, 5000)).toBeNull();
  });

  it('disconnects only after staying over the soft limit for longer than softSeconds', () => {
    const since = overSoftSince(60, limit, 0, 10_000);
    expect(since).toBe(10_000);
    expect(overSoftSince(60, limit, since!, 12_000)).toBe(10_000);
    expect(overSoftSince(60, limit, since!, 12_001)).toBeNull();
    // Dropping under the soft limit resets the clock.
    expect(overSoftSince(10, limit, since!, 11_000)).toBe(0);
  });
});

describe('CallerConnections', () => {
  it('counts per caller up to the limit and frees a slot on remove', () => {
    const c = new CallerConnections();
    expect(c.tryAdd('a', 2)).toBe(true);
    expect(c.tryAdd('a', 2)).toBe(true);
    expect(c.tryAdd('a', 2)).toBe(false);
    expect(c.tryAdd('b', 2)).toBe(true);
    c.remove('a');
    expect(c.count('a')).toBe(1);
    expect(c.tryAdd('a', 2)).toBe(true);
  });
});
