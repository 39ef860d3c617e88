import { describe, expect, it } from 'vitest';
import { judge } from './canary-watch.ts';
import { ZCanaryThresholds } from './canary-types.ts';

const t = ZCanaryThresholds.parse({});
const side = (requests: number, errors = 0, p99 = 2, drops = 0) => ({ requests, errors, p99, drops });

describe('canary judge', () => {
  it('decides nothing while either side is below minRequests (nothing to compare with)', () => {
    expect(judge(t, side(19, 19), side(1000))).toBe('undecided');
    expect(judge(t, side(1000, 0, 300), side(0))).toBe('undecided');
  });
  it('passes a canary no worse than the rest', () => {
    expect(judge(t, side(100, 2, 3), side(1000, 10, 2))).toBeNull();
  });
  it('names each breach: error rate, p99 (ratio and at least 5 ms), drops', () => {
    expect(judge(t, side(100, 10), side(100, 1))).toBe('error rate 10% vs 1% on the rest');
    expect(judge(t, side(100, 0, 6), side(100, 0, 2))).toBeNull();
    expect(judge(t, side(100, 0, 30), side(100, 0, 10))).toBe('p99 30 ms vs 10 ms');
    expect(judge(t, side(100, 0, 2, 5), side(100))).toBe('drop rate 5% vs 0%');
  });
});
