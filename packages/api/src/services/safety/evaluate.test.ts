import { describe, expect, it } from 'vitest';
import { demoFixtureSnapshot } from '../../testing/demo-fixture.ts';
import { blockingResults, evaluateRules, type RuleFacts } from './evaluate.ts';
import { DEFAULT_RULES, type TSafetyRules } from '../../routers/safety/rules.types.ts';

const now = new Date('2026-12-06T04:00:00Z');
const base = demoFixtureSnapshot();
const on = (patch: Partial<TSafetyRules>): TSafetyRules => ({ ...DEFAULT_RULES, ...patch });
const facts = (extra: Partial<RuleFacts> = {}): RuleFacts => ({ after: base, now, ...extra });

describe('evaluateRules', () => {
  it('reports nothing while every rule is off (a fresh install)', () => {
    expect(evaluateRules(DEFAULT_RULES, facts())).toEqual([]);
  });

  it('passes the demo config on singleHome and fails a code whose serving region has no instance', () => {
    const rules = on({ singleHome: { enabled: true } });
    expect(evaluateRules(rules, facts())).toEqual([{ name: 'singleHome', ok: true, soft: false, message: 'ok' }]);
    const code = base.codes[0]!;
    const broken = { ...base, codes: base.codes.map((c) => (c.code === code.code ? { ...c, instances: {} } : c)) };
    const [result] = evaluateRules(rules, facts({ after: broken }));
    expect(result?.ok).toBe(false);
    expect(result?.message).toContain(`code ${code.code} has no instance`);
  });

  it('fails callerDropMax above the limit and permanentDrops above K', () => {
    const after = {
      ...base,
      degradation: {
        callers: [{ caller: 'demo', ratio: 0.6 }],
        keys: [
          { key: 'a', ratio: 0.1 },
          { key: 'b', ratio: 0.1, expiresAt: '2027-01-01T00:00:00.000Z' },
        ],
      },
    };
    const rules = on({ callerDropMax: { enabled: true, maxPercent: 50 }, permanentDrops: { enabled: true, max: 1 } });
    const results = evaluateRules(rules, facts({ after }));
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      ['callerDropMax', false],
      ['permanentDrops', false],
    ]);
    expect(results[0]?.message).toContain('caller demo drops 60%');
    expect(results[1]?.message).toContain('2 drop rules have no expiry');
  });

  it('checks reconFresh only for gray read and cutover phases', () => {
    const rules = on({ reconFresh: { enabled: true, maxAgeHours: 2 } });
    const migration = (toPhase: string, forward: { unresolved: number; finishedAt: number } | null) =>
      facts({ migration: { name: 'm1', toPhase, forward } });
    expect(evaluateRules(rules, migration('BACKFILL', null))).toEqual([]);
    expect(evaluateRules(rules, migration('GRAY_READ', null))[0]?.ok).toBe(false);
    expect(
      evaluateRules(rules, migration('GRAY_READ', { unresolved: 3, finishedAt: now.getTime() }))[0]?.message,
    ).toContain('3 unresolved');
    expect(
      evaluateRules(
        rules,
        migration('STOP_DUAL_WRITE', { unresolved: 0, finishedAt: now.getTime() - 3 * 3_600_000 }),
      )[0]?.message,
    ).toContain('older than 2 h');
    expect(
      evaluateRules(rules, migration('DONE', { unresolved: 0, finishedAt: now.getTime() - 3_600_000 }))[0]?.ok,
    ).toBe(true);
  });

  it('fails mirrorLag on a lag above L and on an unknown lag (fail closed)', () => {
    const rules = on({ mirrorLag: { enabled: true, maxLagBytes: 100 } });
    expect(evaluateRules(rules, facts({ mirrors: [{ instance: 'm', lagBytes: 100 }] }))[0]?.ok).toBe(true);
    expect(evaluateRules(rules, facts({ mirrors: [{ instance: 'm', lagBytes: 101 }] }))[0]?.ok).toBe(false);
    expect(evaluateRules(rules, facts({ mirrors: [{ instance: 'm', lagBytes: null }] }))[0]?.message).toContain(
      'unknown',
    );
    expect(evaluateRules(rules, facts())).toEqual([]);
  });

  it('reports headroom as a soft breach that never blocks', () => {
    const rules = on({ headroom: { enabled: true, maxMemoryPercent: 50, maxOpsPercent: 80 } });
    const results = evaluateRules(
      rules,
      facts({
        receivers: [
          { instance: 'r', usedMemory: 60, maxMemory: 100 },
          { instance: 'u', usedMemory: 60, maxMemory: 0 },
        ],
      }),
    );
    expect(results).toEqual([
      { name: 'headroom', ok: false, soft: true, message: 'r uses 60% of maxmemory (limit 50%)' },
    ]);
    expect(blockingResults(results)).toEqual([]);
  });

  it('flags a receiver whose ops/s after the move exceed the share of its capacity, only when a capacity is set', () => {
    const rules = on({ headroom: { enabled: true, maxMemoryPercent: 90, maxOpsPercent: 80 } });
    const receivers = [
      { instance: 'full', usedMemory: null, maxMemory: null, opsAfter: 900, opsCapacity: 1000 },
      { instance: 'fine', usedMemory: null, maxMemory: null, opsAfter: 800, opsCapacity: 1000 },
      { instance: 'unsized', usedMemory: null, maxMemory: null, opsAfter: 1e6 },
    ];
    const [result] = evaluateRules(rules, facts({ receivers }));
    expect(result).toMatchObject({
      ok: false,
      soft: true,
      message: 'full would serve 900 ops/s, 90% of its capacity 1000 (limit 80%)',
    });
  });
  it('judges a write-log mirror by its log lag (entries and seconds), never by a replication offset', () => {
    const rules = on({ mirrorLag: { enabled: true, maxLagBytes: 100 } });
    const limits = { maxEntries: 10, maxSeconds: 5 };
    const mirror = (entries: number | null, seconds: number | null) => [
      { instance: 'wl', lagBytes: null, writeLog: { entries, seconds, ...limits } },
    ];
    expect(evaluateRules(rules, facts({ mirrors: mirror(3, 1) }))).toEqual([
      { name: 'mirrorLag', ok: true, soft: false, message: 'ok' },
    ]);
    expect(evaluateRules(rules, facts({ mirrors: mirror(11, 1) }))[0]).toMatchObject({
      ok: false,
      message: 'write-log mirror wl lags 11 entries / 1 s (limit 10 entries / 5 s)',
    });
    expect(evaluateRules(rules, facts({ mirrors: mirror(2, 6.25) }))[0]).toMatchObject({
      ok: false,
      message: expect.stringContaining('6.3 s'),
    });
    expect(evaluateRules(rules, facts({ mirrors: mirror(null, null) }))[0]).toMatchObject({
      ok: false,
      message: expect.stringContaining('lag is unknown'),
    });
  });
});
