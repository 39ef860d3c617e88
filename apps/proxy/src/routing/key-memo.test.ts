import { describe, expect, it } from 'vitest';
import { KeyMemo } from './key-memo.ts';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** get() then set() on a miss, as decideAt does; returns the hit or undefined. */
function lookup<T>(memo: KeyMemo<T>, key: string, value: T): T | undefined {
  const b = bytes(key);
  const hit = memo.get(b, 0, b.length);
  if (hit === undefined) memo.set(value);
  return hit;
}

describe('KeyMemo (key bytes → value)', () => {
  it('keeps a key from its second miss on and answers it from the bytes alone, at any offset', () => {
    const memo = new KeyMemo<string>();
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
    const memo = new KeyMemo<number>();
    for (let i = 0; i < 10_000; i++) expect(lookup(memo, `once:${i}`, i)).toBeUndefined();
    let hits = 0;
    for (let i = 0; i < 10_000; i++)
      if (memo.get(bytes(`once:${i}`), 0, bytes(`once:${i}`).length) !== undefined) hits++;
    expect(hits).toBe(0);
  });

  it('tells UTF-8 keys apart byte for byte, and never holds long keys', () => {
    const memo = new KeyMemo<string>();
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
    const memo = new KeyMemo<number>();
    const n = 50_000; // about three keys per slot
    // Each key twice in a row, so every one is kept (and evicts whatever shared its slot).
    for (let i = 0; i < n; i++) {
      for (let twice = 0; twice < 2; twice++) {
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

  it('set() after a hit stores nothing', () => {
    const memo = new KeyMemo<string>();
    lookup(memo, 'a', 'A');
    lookup(memo, 'a', 'A');
    expect(lookup(memo, 'a', 'A')).toBe('A');
    memo.set('B'); // the last get() hit: nothing to store
    const b = bytes('b');
    expect(memo.get(b, 0, 1)).toBeUndefined();
    expect(memo.get(b, 0, 1)).toBeUndefined();
  });
});
