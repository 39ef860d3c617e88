import { describe, expect, it } from 'vitest';
import { runConsoleDown } from '../../bench/drills/console-down.ts';

describe('drill: console and database down', () => {
  it('keeps serving on last-known-good, restarts a proxy from it, and converges once the console is back', async () => {
    const { failed, figures } = await runConsoleDown({ outageMs: 3000, warmupMs: 500, loopsPerProxy: 2 });
    expect(failed).toEqual([]);
    expect(figures.outage.errors).toBe(0);
    expect(figures.outage.served).toBeGreaterThan(0);
    expect(figures.errors).toEqual([0, 0]);
    // The proxy restarted with no console came up on the version it had before, and served.
    expect(figures.restartedProxyVersion).toBe(figures.restartedFromLkgVersion);
    expect(figures.restartedServedInOutage).toBeGreaterThan(0);
    expect(figures.publishedAfterOutage).toBeGreaterThan(figures.restartedFromLkgVersion);
    expect(figures.versionsAfter).toEqual([figures.publishedAfterOutage, figures.publishedAfterOutage]);
  }, 120_000);
});
