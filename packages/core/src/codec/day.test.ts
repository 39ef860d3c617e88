import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOfDay, dayOf, formatDay } from './day.ts';

const L = { codeBits: 4, dayBits: 14, epoch: '2023-03-02T00:00:00+08:00' };

describe('relative days', () => {
  it('starts day 0 at midnight +08:00 on 2023-03-02', () => {
    expect(dayOf(new Date('2023-03-02T00:00:00+08:00'), L)).toBe(0);
    expect(dayOf(new Date('2023-03-02T23:59:59+08:00'), L)).toBe(0);
    expect(dayOf(new Date('2023-03-03T00:00:00+08:00'), L)).toBe(1);
    // 2023-03-01T16:00Z is already 2023-03-02 in +08:00.
    expect(dayOf(new Date('2023-03-01T16:00:00Z'), L)).toBe(0);
    expect(dayOf(new Date('2023-03-01T15:59:59Z'), L)).toBe(16383);
  });

  it('wraps at 2^T', () => {
    const wrap = new Date(Date.parse(L.epoch) + 16384 * 86_400_000);
    expect(dayOf(wrap, L)).toBe(0);
  });

  it('dateOfDay is the start of the day it names, nearest the hint', () => {
    expect(dateOfDay(0, L).toISOString()).toBe('2023-03-01T16:00:00.000Z');
    const near = new Date('2070-01-01T00:00:00Z');
    const far = dateOfDay(5, L, near);
    expect(Math.abs(far.getTime() - near.getTime())).toBeLessThan(8192 * 86_400_000);
    expect(dayOf(far, L)).toBe(5);
  });

  it('round-trips dayOf(dateOfDay(d)) for every day', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 16383 }), (d) => dayOf(dateOfDay(d, L), L) === d));
  });

  it('formats a day as its +08:00 calendar date', () => {
    expect(formatDay(0, L)).toBe('2023-03-02');
    expect(formatDay(365, L)).toBe('2024-03-01');
    expect(formatDay(dayOf(new Date('2026-11-21T01:00:00+08:00'), L), L)).toBe('2026-11-21');
  });
});
