import { describe, expect, it } from 'vitest';
import { runFailoverUnderLoad } from '../../bench/drills/failover-under-load.ts';

describe('drill: failover gz→sh under load', () => {
  it('fails no request, every proxy applies the flip, and pre-flip keys read back from the promoted mirrors', async () => {
    const { failed, figures } = await runFailoverUnderLoad({ clients: 2, warmupMs: 800, afterMs: 500 });
    expect(failed).toEqual([]);
    expect(figures.failureSamples).toEqual([]);
    expect(figures.failedRequests).toBe(0);
    expect(figures.requestsOk).toBeGreaterThan(0);
    expect(figures.proxyVersions).toEqual([figures.failoverVersion, figures.failoverVersion]);
    expect(figures.keysWrittenBeforeFlip).toBeGreaterThan(0);
    // Replication lag may lose a few keys written just before the promotion: count, not all.
    expect(figures.keysReadableAfterFlip).toBeGreaterThan(0);
  }, 120_000);
});
