import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.resetModules();
});

describe('coarseNow', () => {
  it('refreshes while read, stops once unread, and restarts with a fresh reading', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    // A fresh module instance, so its timer is created under the fake clock.
    const { coarseNow } = await import('./coarse-clock.ts');
    const first = coarseNow();
    expect(vi.getTimerCount()).toBe(1);
    // Read every tick: it keeps running and moves with the clock.
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(5);
      coarseNow();
    }
    expect(coarseNow()).toBeGreaterThan(first);
    expect(vi.getTimerCount()).toBe(1);
    // Unread: the next ticks stop it, so an idle worker is not woken.
    vi.advanceTimersByTime(20);
    expect(vi.getTimerCount()).toBe(0);
    // The next read starts it again and is fresh, not the reading from before the pause.
    expect(coarseNow()).toBe(performance.now());
    expect(vi.getTimerCount()).toBe(1);
  });
});
