import { describe, expect, it } from 'vitest';
import { runBackendKilled } from '../../bench/drills/backend-killed.ts';

describe('drill: a backend killed under load', () => {
  it('fails only the dead code, fast through its open circuit, and serves it again after the restart', async () => {
    const { failed, figures } = await runBackendKilled({
      clients: 2,
      loopsPerClient: 2,
      warmupMs: 500,
      outageMs: 2000,
      settleMs: 300,
    });
    expect(failed).toEqual([]);
    expect(figures.otherCodes.errors).toBe(0);
    expect(figures.otherCodes.ok).toBeGreaterThan(0);
    expect(figures.deadCode.circuitOpenReplies).toBeGreaterThan(0);
    expect(figures.recoveryAfterRestartMs).not.toBeNull();
  }, 120_000);
});
