import { describe, expect, it } from 'vitest';
import type { CompiledConfig } from '@switchyard/core';
import { keyMemoPerConfig } from './key-memo.ts';

type KeyMemo<T> = ReturnType<ReturnType<typeof keyMemoPerConfig<T>>>;

/** A fresh table, as planCommand gets one for each new config object. */
function newMemo<T>(): KeyMemo<T> {
  return keyMemoPerConfig<T>()({} as CompiledConfig);
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** get() then set() on a miss, as decideAt does; returns the hit or undefined. */
function lookup<T>(memo: KeyMemo<T>, key: string, value: T): T | undefined {
  const b = bytes(key);
  const hit = memo.get(b, 0, b.length);
  if (hit === undefined) memo.set(value);
  return hit;
}

/** A seeded uniform integer in [0, n) (xorshift32). */
function xorshift(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

describe('KeyMemo (key bytes → value)', () => {
  it('keeps a key from its second miss on and answers it from the bytes alone, at any offset', () => {
    const memo = newMemo<string>();
    expect(lookup(memo, 'key:1', 'one')).toBeUndefined();
    expect(memo.holds()).toBe(true);
    expect(lookup(memo, 'key:1', 'one')).toBeUndefined(); // first miss: only remembered
    const framed = bytes('$5\r\nkey:1\r\n');
    expect(memo.get(framed, 4, 9)).toBe('one');
    expect(memo.get(bytes('key:2'), 0, 5)).toBeUndefined();
    expect(memo.get(bytes('key:10'), 0, 6)).toBeUndefined();
    expect(memo.get(bytes('key:'), 0, 4)).toBeUndefined();
  });

  it('keeps nothing of keys seen once (no values kept for a stream of distinct keys)', () => {
    const memo = newMemo<number>();
    for (let i = 0; i < 10_000; i++) expect(lookup(memo, `once:${i}`, i)).toBeUndefined();
    let hits = 0;
    for (let i = 0; i < 10_000; i++)
      if (memo.get(bytes(`once:${i}`), 0, bytes(`once:${i}`).length) !== undefined) hits++;
    expect(hits).toBe(0);
  });

  it('tells UTF-8 keys apart byte for byte, and never holds long keys', () => {
    const memo = newMemo<string>();
    for (let round = 0; round < 3; round++) {
      expect(lookup(memo, 'clé', 'utf8') ?? 'utf8').toBe('utf8');
      // 'cl' + 0xe9 (latin1 é): other bytes, another entry.
      const latin1 = Buffer.from('clé', 'latin1');
      const hit = memo.get(latin1, 0, latin1.length);
      if (hit === undefined) memo.set('latin1');
      else expect(hit).toBe('latin1');
    }
    expect(lookup(memo, 'clé', 'x')).toBe('utf8');
    for (let round = 0; round < 3; round++) {
      expect(lookup(memo, 'k'.repeat(129), 'x')).toBeUndefined();
      expect(memo.holds()).toBe(false);
    }
  });

  it('stays exact when many keys share slots: every answer is the one stored for that key', () => {
    const memo = newMemo<number>();
    const n = 50_000; // about three keys per slot
    // Each key five times in a row: kept on its second miss (evicting whatever shared its
    // slot), then hit three times, so keeping pays off and is never throttled.
    for (let i = 0; i < n; i++) {
      for (let times = 0; times < 5; times++) {
        const hit = lookup(memo, `user:${i}`, i);
        if (hit !== undefined) expect(hit).toBe(i);
      }
    }
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const b = bytes(`user:${i}`);
      const hit = memo.get(b, 0, b.length);
      if (hit !== undefined) {
        hits++;
        expect(hit).toBe(i);
      }
    }
    expect(hits).toBeGreaterThan(5000);
    expect(hits).toBeLessThan(n);
  });

  it('keeps few values when the keyspace is much wider than the table, and a hot key still gets in', () => {
    const memo = newMemo<number>();
    const random = xorshift(1);
    let kept = 0;
    let hotLookups = 0;
    let hotHits = 0;
    for (let i = 0; i < 400_000; i++) {
      // 100,000 uniformly random keys (redis-benchmark -r 100000), and one hot key in 20 lookups.
      const hot = i % 20 === 0;
      const b = bytes(hot ? 'hot:key' : `key:${random(100_000)}`);
      const hit = memo.get(b, 0, b.length);
      if (i >= 200_000 && hot) {
        hotLookups++;
        if (hit !== undefined) hotHits++;
      }
      if (hit !== undefined) continue;
      if (memo.set(i) && i >= 200_000) kept++;
    }
    // Unthrottled, about one lookup in seven stored a value, each replaced after ~1 hit.
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(200_000 / 50);
    expect(hotHits / hotLookups).toBeGreaterThan(0.99);
  });

  it('fills with a narrower keyspace after a wide one throttled it', () => {
    const memo = newMemo<number>();
    const random = xorshift(7);
    for (let i = 0; i < 300_000; i++) lookup(memo, `wide:${random(100_000)}`, i);
    let lastRoundHits = 0;
    for (let round = 0; round < 400; round++) {
      lastRoundHits = 0;
      for (let k = 0; k < 1000; k++) if (lookup(memo, `narrow:${k}`, k) !== undefined) lastRoundHits++;
    }
    // 1,000 keys in 16,384 direct-mapped slots: ~30 pairs share a slot and keep evicting each other.
    expect(lastRoundHits).toBeGreaterThanOrEqual(950);
  });

  it('set() after a hit stores nothing', () => {
    const memo = newMemo<string>();
    lookup(memo, 'a', 'A');
    lookup(memo, 'a', 'A');
    expect(lookup(memo, 'a', 'A')).toBe('A');
    memo.set('B'); // the last get() hit: nothing to store
    const b = bytes('b');
    expect(memo.get(b, 0, 1)).toBeUndefined();
    expect(memo.get(b, 0, 1)).toBeUndefined();
  });
});
