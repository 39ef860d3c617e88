import { describe, expect, it } from 'vitest';
import { KeyMemo } from './key-memo.ts';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('KeyMemo (key bytes → value)', () => {
  it('answers a key it was given, from the bytes alone, at any offset', () => {
    const memo = new KeyMemo<string>();
    expect(memo.get(bytes('key:1'), 0, 5)).toBeUndefined();
    memo.set('key:1', 'one');
    const framed = bytes('$5\r\nkey:1\r\n');
    expect(memo.get(framed, 4, 9)).toBe('one');
    expect(memo.get(bytes('key:2'), 0, 5)).toBeUndefined();
    expect(memo.get(bytes('key:10'), 0, 6)).toBeUndefined();
    expect(memo.get(bytes('key:'), 0, 4)).toBeUndefined();
  });

  it('never keeps non-ASCII or long keys (their string is not the bytes one for one)', () => {
    const memo = new KeyMemo<string>();
    const utf8 = bytes('clé');
    expect(memo.get(utf8, 0, utf8.length)).toBeUndefined();
    memo.set('clé', 'x');
    expect(memo.get(utf8, 0, utf8.length)).toBeUndefined();
    // latin1 'é' is one byte 0xe9; the memo must not confuse it with anything either.
    const latin1 = Buffer.from('clé', 'latin1');
    expect(memo.get(latin1, 0, latin1.length)).toBeUndefined();
    const long = bytes('k'.repeat(129));
    expect(memo.get(long, 0, long.length)).toBeUndefined();
    memo.set('k'.repeat(129), 'x');
    expect(memo.get(long, 0, long.length)).toBeUndefined();
  });

  it('stays exact when many keys share slots: every answer is the one stored for that key', () => {
    const memo = new KeyMemo<number>();
    const n = 100_000; // several keys per slot
    for (let i = 0; i < n; i++) {
      const b = bytes(`user:${i}`);
      const hit = memo.get(b, 0, b.length);
      if (hit === undefined) memo.set(`user:${i}`, i);
      else expect(hit).toBe(i);
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
    expect(hits).toBeGreaterThan(1000);
    expect(hits).toBeLessThan(n);
  });

  it('set() after a hit or a key it may not keep stores nothing', () => {
    const memo = new KeyMemo<string>();
    const a = bytes('a');
    memo.get(a, 0, 1);
    memo.set('a', 'A');
    expect(memo.get(a, 0, 1)).toBe('A');
    memo.set('b', 'B'); // the last get() hit: nothing to store
    const b = bytes('b');
    expect(memo.get(b, 0, 1)).toBeUndefined();
  });
});
