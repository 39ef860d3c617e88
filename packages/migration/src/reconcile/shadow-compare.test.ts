import { describe, expect, it } from 'vitest';
import { createShadowCompare } from './shadow-compare.ts';

describe('createShadowCompare', () => {
  it('counts equal, differing and missing-on-new reads', () => {
    const s = createShadowCompare();
    expect(s.compare(Buffer.from('a'), Buffer.from('a'))).toBe(true);
    expect(s.compare(null, null)).toBe(true);
    expect(s.compare(Buffer.from('a'), Buffer.from('b'))).toBe(false);
    expect(s.compare(Buffer.from('a'), null)).toBe(false);
    expect(s.compare(null, Buffer.from('b'))).toBe(false);
    expect(s.counters).toEqual({ compared: 5, equal: 2, differing: 3, missingOnNew: 1 });
  });
});
