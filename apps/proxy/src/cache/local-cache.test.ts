import { describe, expect, it } from 'vitest';
import { errorReply } from '../errors.ts';
import { isBackendFailure } from './cache-policy.ts';
import { LocalCache } from './local-cache.ts';

const reply = (s: string): Buffer => Buffer.from(`$${s.length}\r\n${s}\r\n`);

describe('LocalCache', () => {
  it('keeps variants per key and drops them together', () => {
    const c = new LocalCache(1 << 20);
    c.fill('k', 'v', c.fillEpoch(), reply('a'), 1000, 0);
    c.fill('k', 'hf', c.fillEpoch(), reply('b'), 1000, 0);
    expect(c.get('k', 'v')?.reply.toString()).toContain('a');
    expect(c.get('k', 'hf')?.expiresAt).toBe(1000);
    c.invalidate('k');
    expect(c.get('k', 'v')).toBeUndefined();
    expect(c.get('k', 'hf')).toBeUndefined();
  });

  it('ignores a fill whose read started before an invalidation of its key', () => {
    const c = new LocalCache(1 << 20);
    const early = c.fillEpoch();
    c.invalidate('k');
    expect(c.fill('k', 'v', early, reply('stale'), 1000, 0)).toBe(false);
    expect(c.get('k', 'v')).toBeUndefined();
    // Other keys and later reads fill normally.
    expect(c.fill('j', 'v', early, reply('j'), 1000, 0)).toBe(true);
    expect(c.fill('k', 'v', c.fillEpoch(), reply('fresh'), 1000, 0)).toBe(true);
    const beforeClear = c.fillEpoch();
    c.clear();
    expect(c.fill('j', 'v', beforeClear, reply('old'), 1000, 0)).toBe(false);
  });

  it('with many keys invalidated, refuses every fill that raced its own key, and keeps almost every other', () => {
    const c = new LocalCache(1 << 24);
    const started = c.fillEpoch();
    // 100,000 writes of distinct keys between the reads and their answers (the old record map reset at 100,000).
    for (let i = 0; i < 100_000; i++) c.invalidate(`written:${i}`);
    for (let i = 0; i < 100_000; i += 997)
      expect(c.fill(`written:${i}`, 'v', started, reply('stale'), 1000, 0)).toBe(false);
    // Keys sharing a slot with a written key lose their fill (never a stale one); the rest fill.
    const c2 = new LocalCache(1 << 24);
    const early = c2.fillEpoch();
    for (let i = 0; i < 500; i++) c2.invalidate(`written:${i}`);
    let filled = 0;
    for (let i = 0; i < 500; i++) if (c2.fill(`read:${i}`, 'v', early, reply('x'), 1000, 0)) filled++;
    expect(filled).toBeGreaterThanOrEqual(480);
  });

  it('stays within its byte bound, evicting the least recently used', () => {
    const c = new LocalCache(10_000);
    for (let i = 0; i < 100; i++) c.fill(`k${i}`, 'v', c.fillEpoch(), Buffer.alloc(500), 1000, 0);
    expect(c.bytes).toBeLessThanOrEqual(10_000);
    expect(c.get('k99', 'v')).toBeDefined();
    expect(c.get('k0', 'v')).toBeUndefined();
  });

  // Was told by the letter after "ERR SWITCHYARD " (issue 19 finding 6): now by the catalog code
  // the reply was built with, so a look-alike text from a backend is not a backend failure.
  it('tells backend failures from Redis errors and other refusals by code', () => {
    const whole = (b: Buffer): [Buffer, number, number] => [b, 0, b.length];
    expect(isBackendFailure(...whole(errorReply('BACKEND_DOWN', 'x', 'refused')))).toBe(true);
    expect(isBackendFailure(...whole(errorReply('BACKEND_TIMEOUT', 'x')))).toBe(true);
    expect(isBackendFailure(...whole(errorReply('CIRCUIT_OPEN', 'x')))).toBe(true);
    expect(isBackendFailure(...whole(errorReply('DEGRADED', 'key k')))).toBe(false);
    expect(isBackendFailure(...whole(errorReply('CALLER_MAX_CLIENTS', 'c', 3)))).toBe(false);
    expect(isBackendFailure(...whole(Buffer.from('-WRONGTYPE Operation against a key\r\n')))).toBe(false);
    expect(isBackendFailure(...whole(Buffer.from("-ERR SWITCHYARD backend 'x' unavailable: refused\r\n")))).toBe(false);
  });
});
