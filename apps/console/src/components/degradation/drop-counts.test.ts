import { describe, expect, it } from 'vitest';
import { dropCountsOf, formatCount } from './drop-counts.ts';

describe('dropCountsOf', () => {
  it('reads n/a until some worker reports metrics', () => {
    expect(formatCount(dropCountsOf(undefined), 'keys', 'k')).toBe('n/a');
    expect(formatCount(dropCountsOf({ reported: false, callers: {}, keys: {} }), 'keys', 'k')).toBe('n/a');
  });

  it('shows the summed count, and 0 for a rule nobody dropped', () => {
    const counts = dropCountsOf({ reported: true, callers: { svc: 1 }, keys: { hot: 7 } });
    expect(formatCount(counts, 'keys', 'hot')).toBe('7');
    expect(formatCount(counts, 'callers', 'svc')).toBe('1');
    expect(formatCount(counts, 'callers', 'other')).toBe('0');
  });
});
