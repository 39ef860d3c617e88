import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucket, bucketOfKey, inPercent } from './bucket.ts';
import golden from './bucket.golden.json' with { type: 'json' };
import { fnv1a32 } from './hash/fnv1a.ts';

function fnvReference(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

describe('fnv1a32', () => {
  it('matches the golden vectors (including the published FNV ones)', () => {
    for (const v of golden.fnv1a32) expect(fnv1a32(v.input)).toBe(v.hash);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes of any string, as TextEncoder encodes them', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => fnv1a32(s) === fnvReference(s)));
  });
});

describe('bucket', () => {
  it('matches the golden vectors forever', () => {
    for (const v of golden.buckets) {
      expect(bucket(v.mid)).toBe(v.bucket);
      expect(bucket(BigInt(v.mid))).toBe(v.bucket);
    }
  });

  it('is the same for a mid with leading zeros and as a bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (id) => {
        const b = bucket(id);
        return b >= 0 && b < 10_000 && bucket(`00${id}`) === b && bucket(id.toString()) === b;
      }),
    );
  });

  it('refuses non-IDs', () => {
    expect(() => bucket('abc')).toThrow(/decimal/);
    expect(() => bucket(-1n)).toThrow(/negative/);
  });

  it('buckets keys without an ID by the key string', () => {
    expect(bucketOfKey('u2m_alice')).toBe(fnv1a32('u2m_alice') % 10_000);
  });
});

describe('inPercent', () => {
  it('is bucket < p*100: 0% takes none, 100% takes all', () => {
    expect(inPercent(0, 0)).toBe(false);
    expect(inPercent(9999, 100)).toBe(true);
    expect(inPercent(99, 1)).toBe(true);
    expect(inPercent(100, 1)).toBe(false);
    expect(inPercent(50, 0.5)).toBe(false);
    expect(inPercent(49, 0.5)).toBe(true);
  });

  it('is monotone: raising p only adds buckets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (b, p, q) => {
          const [lo, hi] = p <= q ? [p, q] : [q, p];
          return !inPercent(b, lo) || inPercent(b, hi);
        },
      ),
    );
  });

  it('takes close to p% of real meeting IDs', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => BigInt(i) * 1_000_003n + 562_949_953_421_312n);
    const share = ids.filter((id) => inPercent(bucket(id), 30)).length / ids.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
  });
});
