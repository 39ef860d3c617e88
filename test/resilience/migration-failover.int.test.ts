import { describe, expect, it } from 'vitest';
import { runMigrationFailover } from '../../bench/drills/migration-failover.ts';

describe('drill: migrate code 1 to DONE under load, fail gz over, write, fail back', () => {
  it('keeps every acknowledged write readable through the proxy at every point', async () => {
    const { failed, figures } = await runMigrationFailover({ clients: 2, dwellMs: 600 });
    expect(failed).toEqual([]);
    expect(figures.code1Home).toBe('spare');
    expect(figures.failureSamples).toEqual([]);
    expect(figures.failedRequests).toBe(0);
    expect(figures.ackedWrites).toBeGreaterThan(0);
    expect(figures.unreadableSamples).toEqual([]);
    expect(figures.unreadable).toEqual({ 'after-done': 0, 'during-failover': 0, 'after-failback': 0 });
    // A GET right after its SET may race replication at the instant a proxy switches sides
    // (async replication); reported in docs/RESILIENCE.md, not asserted. Loss is checked key by key.
    expect(figures.halfPromoted).toEqual([]);
  }, 240_000);
});
