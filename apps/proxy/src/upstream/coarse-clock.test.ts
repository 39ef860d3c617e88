import { describe, expect, it } from 'vitest';
import { coarseClockRunning, coarseNow } from './coarse-clock.ts';

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('coarseNow', () => {
  it('refreshes while read, stops once unread, and restarts with a fresh reading', async () => {
    coarseNow();
    expect(coarseClockRunning()).toBe(true);
    // Read for a while: it keeps running and moves.
    const first = coarseNow();
    await until(() => coarseNow() > first);
    expect(coarseClockRunning()).toBe(true);
    // Unread: the next ticks stop it.
    await until(() => !coarseClockRunning());
    await new Promise((r) => setTimeout(r, 20));
    const before = performance.now();
    expect(coarseNow()).toBeGreaterThanOrEqual(before);
    expect(coarseClockRunning()).toBe(true);
  });
});
