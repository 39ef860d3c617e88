import { describe, expect, it } from 'vitest';
import {
  constrainedRandomSource,
  cryptoRandomSource,
  scriptedRandomSource,
  seededRandomSource,
} from './random-source.ts';

describe('random sources', () => {
  it('stay inside [0, 2^bits) for every width', () => {
    const sources = [cryptoRandomSource(64), seededRandomSource(42)];
    for (const source of sources) {
      for (let bits = 1; bits <= 64; bits++) {
        for (let i = 0; i < 20; i++) {
          const v = source(bits);
          expect(v >= 0n && v < 1n << BigInt(bits)).toBe(true);
        }
      }
    }
  });

  it('seeded sources repeat for the same seed and differ across seeds', () => {
    const draw = (seed: number): bigint[] =>
      Array.from(
        { length: 5 },
        (
          (s) => () =>
            s(64)
        )(seededRandomSource(seed)),
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('set each bit about half the time (crypto and seeded)', () => {
    for (const source of [cryptoRandomSource(), seededRandomSource(1)]) {
      const ones = new Array<number>(46).fill(0);
      const n = 4000;
      for (let i = 0; i < n; i++) {
        const v = source(46);
        for (let b = 0; b < 46; b++) if ((v >> BigInt(b)) & 1n) ones[b]!++;
      }
      // ±5σ of Binomial(4000, 1/2): σ ≈ 31.6.
      for (const count of ones) expect(Math.abs(count - n / 2)).toBeLessThan(160);
    }
  });

  it('constrained sources keep only the low bits', () => {
    const source = constrainedRandomSource(seededRandomSource(3), 12);
    for (let i = 0; i < 200; i++) expect(source(31) < 4096n).toBe(true);
    expect(source(8) < 256n).toBe(true);
  });

  it('scripted sources play their values first, masked, then defer', () => {
    const source = scriptedRandomSource([0x1ffn, 3n], () => 99n);
    expect([source(8), source(8), source(8)]).toEqual([0xffn, 3n, 99n]);
  });

  it('refuse widths outside 1..64', () => {
    expect(() => seededRandomSource(1)(0)).toThrow(RangeError);
    expect(() => cryptoRandomSource()(65)).toThrow(RangeError);
  });
});
