import { describe, expect, it } from 'vitest';
import { demoFixtureSnapshot } from '../testing/demo-fixture.ts';
import { adminOnlyChanges, keepTodaysSecrets } from './rollback-policy.ts';

const today = demoFixtureSnapshot();

describe('adminOnlyChanges', () => {
  it('ignores the operational parts an operator may change', () => {
    const target = {
      ...today,
      degradation: { callers: [{ caller: 'demo', ratio: 0.5 }], keys: [] },
      failover: [{ from: 'gz', to: 'sh' }],
      migrations: [],
    };
    expect(adminOnlyChanges(today, target)).toEqual([]);
  });

  it('names every admin-only part that differs, whatever the key order', () => {
    // Postgres jsonb returns keys in its own order: the comparison must not care.
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(today) as typeof today;
    expect(adminOnlyChanges(today, reordered)).toEqual([]);
    const target = {
      ...today,
      regions: today.regions.map((r) => ({ ...r, label: 'x' })),
      callers: today.callers.map((c) => ({ ...c, commands: ['GET'] })),
      limits: { maxInFlight: 1 },
    };
    expect(adminOnlyChanges(today, target)).toEqual(['callers', 'limits', 'regions']);
  });
});

describe('keepTodaysSecrets', () => {
  it("takes today's hash for callers that exist today, and locks callers that do not", async () => {
    const old = {
      ...today,
      callers: [
        { ...today.callers[0]!, secretHash: 'scrypt$old' },
        { name: 'gone', secretHash: 'scrypt$leaked', commands: ['GET'], keyTypes: ['*'] },
      ],
    };
    const { snapshot, lockedCallers } = await keepTodaysSecrets(today, old);
    expect(snapshot.callers[0]?.secretHash).toBe(today.callers[0]?.secretHash);
    expect(lockedCallers).toEqual(['gone']);
    expect(snapshot.callers[1]?.secretHash).toMatch(/^scrypt\$/);
    expect(snapshot.callers[1]?.secretHash).not.toBe('scrypt$leaked');
  });
});
