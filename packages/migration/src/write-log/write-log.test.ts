import { describe, expect, it } from 'vitest';
import { compareIds } from './checker.ts';
import { sameState } from './copy-latest.ts';
import { distinctKeys } from './redo.ts';
import { lagOverThreshold } from './status.ts';
import { idTime, parseEntries } from './stream.ts';

const b = (s: string): Buffer => Buffer.from(s);

describe('write-log pure parts', () => {
  it('parses entries with several keys, and skips entries XAUTOCLAIM reports as deleted', () => {
    const entries = parseEntries([
      [b('5-0'), [b('k'), b('a'), b('c'), b('SET'), b('k'), b('b'), b('c'), b('DEL')]],
      [b('6-0'), null],
    ]);
    expect(entries.map((e) => [e.id, e.key.toString()])).toEqual([
      ['5-0', 'a'],
      ['5-0', 'b'],
    ]);
    expect(idTime('1700000000123-4')).toBe(1700000000123);
  });

  it('copies each key once per batch', () => {
    const keys = distinctKeys([
      { id: '1-0', key: b('a') },
      { id: '2-0', key: b('b') },
      { id: '3-0', key: b('a') },
    ]);
    expect(keys.map(String)).toEqual(['a', 'b']);
  });

  it('orders stream IDs numerically, not as text', () => {
    expect(compareIds('9-0', '10-0')).toBe(-1);
    expect(compareIds('10-2', '10-10')).toBe(-1);
    expect(compareIds('10-3', '10-3')).toBe(0);
    expect(compareIds('11-0', '10-99')).toBe(1);
  });

  it('compares values and TTL presence, with slack for the TTL that ran down meanwhile', () => {
    expect(sameState({ dump: b('x'), pttl: -1 }, { dump: b('x'), pttl: -1 })).toBe(true);
    expect(sameState({ dump: b('x'), pttl: 10_000 }, { dump: b('x'), pttl: 9_000 })).toBe(true);
    expect(sameState({ dump: b('x'), pttl: 10_000 }, { dump: b('x'), pttl: -1 })).toBe(false);
    expect(sameState({ dump: b('x'), pttl: -1 }, { dump: b('y'), pttl: -1 })).toBe(false);
    expect(sameState({ dump: null, pttl: -2 }, { dump: null, pttl: -2 })).toBe(true);
    expect(sameState({ dump: null, pttl: -2 }, { dump: b('x'), pttl: -1 })).toBe(false);
  });

  it('is over the threshold on either entries or seconds', () => {
    const t = { maxLagSeconds: 5, maxLagEntries: 100 };
    expect(lagOverThreshold({ entries: 100, seconds: 5, pending: 0 }, t)).toBe(false);
    expect(lagOverThreshold({ entries: 101, seconds: 0, pending: 0 }, t)).toBe(true);
    expect(lagOverThreshold({ entries: 1, seconds: 5.1, pending: 1 }, t)).toBe(true);
  });
});
