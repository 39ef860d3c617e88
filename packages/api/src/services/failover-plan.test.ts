import { describe, expect, it } from 'vitest';
import { demoFixtureSnapshot } from '../testing/demo-fixture.ts';
import { affectedCodes, interlocks, withOverride, withoutOverride, type TMirrorStatus } from './failover-plan.ts';

const snapshot = demoFixtureSnapshot();
const now = new Date('2026-01-01T00:00:00Z');
const mirror = (over: Partial<TMirrorStatus>): TMirrorStatus => ({
  code: 1,
  identity: 'personal',
  home: 'gz-personal',
  instance: 'gz-personal-sh',
  region: 'sh',
  reachable: true,
  linkStatus: 'up',
  lagBytes: 0,
  error: null,
  replicates: 'gz-personal',
  ...over,
});

describe('failover plan', () => {
  it('affects the codes homed in the source region, with their mirrors in the target', () => {
    expect(affectedCodes(snapshot, 'gz', 'sh').map((c) => [c.code, c.home.name, c.mirror?.name])).toEqual([
      [1, 'gz-personal', 'gz-personal-sh'],
      [2, 'gz-enterprise', 'gz-enterprise-sh'],
    ]);
  });

  it('has no interlock for a healthy switch', () => {
    expect(interlocks(snapshot, 'gz', 'sh', [mirror({})], now)).toEqual([]);
  });

  it('never allows a switch into itself, an unknown region, or a chained override', () => {
    expect(interlocks(snapshot, 'gz', 'gz', [], now).map((l) => [l.code, l.overridable])).toEqual([['SELF', false]]);
    expect(interlocks(snapshot, 'gz', 'tj', [], now).map((l) => l.code)).toEqual(['UNKNOWN_REGION']);
    const shDown = withOverride(snapshot, 'sh', 'gz', 'drill', now);
    const chained = interlocks(shDown, 'gz', 'sh', [mirror({})], now);
    expect(chained.some((l) => l.code === 'INVALID_RESULT' && !l.overridable)).toBe(true);
    expect(interlocks(withOverride(snapshot, 'gz', 'sh', 'x', now), 'gz', 'sh', [], now).map((l) => l.code)).toContain(
      'ALREADY_FAILED_OVER',
    );
  });

  it('flags dead or unlinked mirrors as overridable', () => {
    const locks = interlocks(
      snapshot,
      'gz',
      'sh',
      [mirror({ reachable: false, linkStatus: null, error: 'ECONNREFUSED' }), mirror({ code: 2, linkStatus: 'down' })],
      now,
    );
    expect(locks.map((l) => [l.code, l.overridable])).toEqual([
      ['MIRROR_DOWN', true],
      ['MIRROR_UNLINKED', true],
    ]);
  });

  it('adds and removes one override per region', () => {
    const on = withOverride(snapshot, 'gz', 'sh', 'drill', now);
    expect(on.failover).toEqual([{ from: 'gz', to: 'sh', reason: 'drill', since: now.toISOString() }]);
    expect(withoutOverride(on, 'gz').failover).toEqual([]);
  });
});
