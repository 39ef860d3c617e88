import { describe, expect, it } from 'vitest';
import { runFailoverConsoleKills } from '../../bench/drills/failover-console-kills.ts';

describe('drill: failover and failback under load with the console killed at each workflow step', () => {
  it('resumes every killed workflow: no failed request, no acknowledged write lost, no half-promoted mirror', async () => {
    const { failed, figures } = await runFailoverConsoleKills({ clients: 2, steps: 12 });
    expect(failed).toEqual([]);
    // Failover has 10 steps and failback 12: 10 + 12 killed rounds out of 24.
    expect(figures.notKilled).toEqual(['failover-10', 'failover-11']);
    expect(figures.killedRounds).toBe(22);
    expect(figures.failureSamples).toEqual([]);
    expect(figures.failedRequests).toBe(0);
    expect(figures.ackedWrites).toBeGreaterThan(0);
    expect(figures.lostSamples).toEqual([]);
    expect(figures.ackedLost).toBe(0);
    // A GET right after its SET may race replication at the instant a proxy switches sides
    // (async replication); reported in docs/RESILIENCE.md, not asserted. Loss is checked key by key.
    expect(figures.halfPromotedRounds).toEqual([]);
    expect(figures.finalFailover).toEqual([]);
  }, 300_000);
});
