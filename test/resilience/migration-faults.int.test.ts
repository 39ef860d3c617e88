import { describe, expect, it } from 'vitest';
import { runMigrationFaults } from '../../bench/drills/migration-faults.ts';

describe('drill: migration with a flapping target', () => {
  it('loses no client write, finishes the backfill across flaps, drains compensation and ends with zero independent differences', async () => {
    // Paced at 1,000 keys/s (batches of 1,000): the first batch rides the burst, the second
    // starts a second later, inside the 1.5 s down window of the BACKFILL flap.
    const { failed, figures } = await runMigrationFaults({
      preload: 3000,
      writers: 2,
      meetings: 200,
      dualWriteFlaps: 1,
      backfillFlaps: 1,
      downMs: 1500,
      upMs: 500,
      backfillKeysPerSecond: 1000,
      timeoutMs: 60_000,
      maxOpsPerWriter: 20_000,
    });
    expect(failed).toEqual([]);
    expect(figures.writes.failed).toBe(0);
    expect(figures.writes.ok).toBeGreaterThan(0);
    expect(figures.independentDifferences).toBe(0);
    // The flaps really made secondary writes fail into compensation, and none was dead-lettered.
    expect(
      (figures.compensation.proxyOutcomes.queued ?? 0) + (figures.compensation.proxyOutcomes.retried ?? 0),
    ).toBeGreaterThan(0);
    expect(figures.compensation.deadLetters).toBe(0);
    // The flap made the running backfill fail; it resumed from its checkpoint and reached every
    // key only it can copy (meetings no writer touches; those the writers dual-wrote first are
    // skipped, "if absent").
    expect(figures.backfill.resumed).toBe(true);
    expect(figures.backfill.done).toBe(true);
    expect(figures.preloadedOnlyTheBackfillCopies).toBe(2000);
    expect(figures.backfill.copied + figures.backfill.skipped).toBeGreaterThanOrEqual(2000);
    expect(figures.backfill.copied).toBeGreaterThan(0);
  }, 180_000);
});
