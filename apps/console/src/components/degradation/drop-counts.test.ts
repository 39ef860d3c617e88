import { describe, expect, it } from 'vitest';
import { dropCountsOf, formatCount } from './drop-counts.ts';

describe('dropCountsOf', () => {
  it('reads n/a until some live worker reports drops', () => {
    const counts = dropCountsOf([{ live: true, summary: { qps: 10 } }, { live: true, summary: null }]);
    expect(counts.reported).toBe(false);
    expect(formatCount(counts, 'keys', 'k')).toBe('n/a');
  });

  it('sums live workers only, and shows 0 for a rule nobody dropped', () => {
    const counts = dropCountsOf([
      { live: true, summary: { drops: { keys: { hot: 3 }, callers: { svc: 1 } } } },
      { live: true, summary: { drops: { keys: { hot: 4 } } } },
      { live: false, summary: { drops: { keys: { hot: 100 } } } },
    ]);
    expect(formatCount(counts, 'keys', 'hot')).toBe('7');
    expect(formatCount(counts, 'callers', 'svc')).toBe('1');
    expect(formatCount(counts, 'callers', 'other')).toBe('0');
  });
});
