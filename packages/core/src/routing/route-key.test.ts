/**
 * The routing decision table (DESIGN §5): failover × migration × dimension × bottom.
 * Demo topology: code 1 = gz personal (gz-personal, mirror gz-personal-sh), code 2 = gz
 * enterprise (bottom), code 5/6 = sh homes; `spare` (gz) is the migration target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucket, bucketOfKey, inPercent } from '../bucket.ts';
import type { TConfigSnapshot, TKeyType, TMigration } from '../config/schema.ts';
import { fnv1a32 } from '../hash/fnv1a.ts';
import { demo, mig, midWithCode } from '../test-support/fixtures.ts';
import { compileConfig } from './compile-config.ts';
import { routeKey } from './route-key.ts';
import { isRouteFailure, type KeyDecision } from './types.ts';

const FIXED_TYPES: TKeyType[] = [
  {
    name: 'fixed_one',
    pattern: '^fixed1_',
    dimension: { kind: 'fixed', code: 1 },
    valueFormat: 'plain',
    readPolicy: 'replica',
    cacheTier: '1s',
    dataType: 'any',
  },
  {
    name: 'fixed_by_mid',
    pattern: String.raw`^fx_(?<mid>\d+)$`,
    dimension: { kind: 'fixed', code: 1 },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'any',
  },
  {
    name: 'fixed_legacy',
    pattern: '^fixed3_',
    dimension: { kind: 'fixed', code: 3 },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'any',
  },
];

function snapshot(extra: Partial<TConfigSnapshot> = {}): TConfigSnapshot {
  const s = demo();
  return { ...s, keyTypes: [...s.keyTypes, ...FIXED_TYPES], ...extra };
}

function decide(key: string, extra: Partial<TConfigSnapshot> = {}): KeyDecision {
  const d = routeKey(compileConfig(snapshot(extra)), key);
  if (isRouteFailure(d)) throw new Error(`${d.error}: ${d.message}`);
  return d;
}

/** A uid whose u2m key hashes to `code` among the demo's [1, 2, 5, 6]. */
function uidFor(code: number): string {
  const codes = [1, 2, 5, 6];
  for (let i = 0; ; i++) if (codes[fnv1a32(`user${i}`) % 4] === code) return `user${i}`;
}

/** Keys of every dimension that resolve to storage code 1, and to bottom (2) from an undeployed code. */
const CODE1_KEYS = {
  mid: midWithCode(1),
  identity: 'member_9_0',
  hash: `u2m_${uidFor(1)}`,
  fixed: 'fixed1_x',
  stable: `stable_${midWithCode(1)}`,
};
const BOTTOM_KEYS = { mid: midWithCode(3), fixed: 'fixed3_x', legacyGrouped: '123' };

describe('dimension step', () => {
  it.each(Object.entries(CODE1_KEYS))('%s key → code 1 on gz-personal', (_dim, key) => {
    expect(decide(key)).toMatchObject({
      code: 1,
      read: 'gz-personal',
      writes: ['gz-personal'],
      dualWrite: false,
      failover: null,
      migration: null,
    });
  });

  it.each(Object.entries(BOTTOM_KEYS))('undeployed %s key → bottom code 2 on gz-enterprise', (_dim, key) => {
    const d = decide(key);
    expect(d).toMatchObject({ code: 2, read: 'gz-enterprise', writes: ['gz-enterprise'] });
    expect(d.reasons.join('\n')).toMatch(/not deployed → bottom code 2/);
  });

  it('routes identity by appid: 0 personal, other enterprise, via the centre region rules', () => {
    expect(decide('member_1_0')).toMatchObject({ code: 1, read: 'gz-personal' });
    expect(decide('member_1_000')).toMatchObject({ code: 1 });
    expect(decide('member_1_42')).toMatchObject({ code: 2, read: 'gz-enterprise' });
  });

  it('says when an identity code fell back to *;*;*', () => {
    const s = demo();
    const types = s.keyTypes.map((k) =>
      k.name === 'member' ? { ...k, dimension: { kind: 'identity' as const, group: 'appid', centreRegion: 'gz' } } : k,
    );
    const rules = s.encodingRules.filter((r) => !(r.region === 'gz' && r.identity === 'personal'));
    const d = decide('member_1_0', { keyTypes: types, encodingRules: rules });
    expect(d.code).toBe(2);
    expect(d.reasons.join('\n')).toMatch(/fell back to \*;\*;\*/);
  });

  it('carries the key type attributes', () => {
    expect(decide(CODE1_KEYS.stable)).toMatchObject({
      keyType: 'stable',
      cacheTier: '5m',
      valueFormat: 'plain',
      readPolicy: 'primary',
    });
    expect(decide(CODE1_KEYS.mid)).toMatchObject({ keyType: 'meeting_info', valueFormat: 'seq' });
    expect(decide('fixed1_x')).toMatchObject({ readPolicy: 'replica', cacheTier: '1s' });
  });
});

describe('failover beats everything but fixed-instance', () => {
  const failover = [{ from: 'gz', to: 'sh' }];

  it.each(Object.entries(CODE1_KEYS))('%s key of code 1 → mirror gz-personal-sh', (_dim, key) => {
    expect(decide(key, { failover })).toMatchObject({
      code: 1,
      read: 'gz-personal-sh',
      writes: ['gz-personal-sh'],
      failover: { from: 'gz', to: 'sh' },
      migration: null,
    });
  });

  it('applies to the bottom code too', () => {
    expect(decide(BOTTOM_KEYS.mid, { failover })).toMatchObject({ code: 2, read: 'gz-enterprise-sh' });
  });

  it('leaves codes homed elsewhere alone', () => {
    expect(decide(midWithCode(5), { failover })).toMatchObject({ code: 5, read: 'sh-personal', failover: null });
  });

  it('beats a migration, and says the migration was not applied', () => {
    const d = decide(CODE1_KEYS.mid, { failover, migrations: [mig('WRITE_ORDER_SWITCH')] });
    expect(d).toMatchObject({ read: 'gz-personal-sh', writes: ['gz-personal-sh'], migration: null, dualWrite: false });
    expect(d.reasons.join('\n')).toMatch(/migration 'm1'.*not applied/);
  });

  it('never touches fixed-instance keys', () => {
    expect(decide('key:1', { failover, migrations: [mig('DONE', { code: 2, from: 'gz-enterprise' })] })).toMatchObject({
      code: null,
      read: 'gz-enterprise',
      writes: ['gz-enterprise'],
      failover: null,
      migration: null,
    });
  });
});

describe('migration phases', () => {
  const key = CODE1_KEYS.mid;
  it.each<[TMigration['phase'], Partial<TMigration>, string, string[]]>([
    ['DUAL_WRITE', {}, 'gz-personal', ['gz-personal', 'spare']],
    ['BACKFILL', {}, 'gz-personal', ['gz-personal', 'spare']],
    ['RECONCILE', {}, 'gz-personal', ['gz-personal', 'spare']],
    ['GRAY_READ', { grayReadPercent: 0 }, 'gz-personal', ['gz-personal', 'spare']],
    ['GRAY_READ', { grayReadPercent: 100 }, 'spare', ['gz-personal', 'spare']],
    ['WRITE_ORDER_SWITCH', {}, 'spare', ['spare', 'gz-personal']],
    ['STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 0 }, 'spare', ['spare', 'gz-personal']],
    ['STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 100 }, 'spare', ['spare']],
    ['DONE', {}, 'spare', ['spare']],
    ['ABORTED', {}, 'gz-personal', ['gz-personal']],
  ])('%s %j → read %s, writes %j', (phase, over, read, writes) => {
    const d = decide(key, { migrations: [mig(phase, over)] });
    expect(d).toMatchObject({ read, writes, dualWrite: writes.length === 2, migration: 'm1', failover: null });
    expect(d.grayRead).toBe(phase === 'GRAY_READ' && read === 'spare');
  });

  it.each(Object.entries(CODE1_KEYS))('covers the %s key of its code', (_dim, k) => {
    expect(decide(k, { migrations: [mig('DUAL_WRITE')] })).toMatchObject({
      migration: 'm1',
      writes: ['gz-personal', 'spare'],
    });
  });

  it('covers legacy IDs that fell to the bottom code it moves', () => {
    const m = mig('DONE', { code: 2, from: 'gz-enterprise' });
    expect(decide(BOTTOM_KEYS.mid, { migrations: [m] })).toMatchObject({ code: 2, read: 'spare', migration: 'm1' });
  });

  it('leaves other codes alone', () => {
    expect(decide(midWithCode(5), { migrations: [mig('DONE')] })).toMatchObject({
      read: 'sh-personal',
      migration: null,
    });
  });

  it('gray-reads exactly the buckets below p*100, by meeting ID', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 15n) - 1n }), fc.integer({ min: 0, max: 100 }), (high, p) => {
        const mid = midWithCode(1, high << 31n);
        const d = decide(mid, { migrations: [mig('GRAY_READ', { grayReadPercent: p })] });
        return (d.read === 'spare') === inPercent(bucket(mid), p);
      }),
      { numRuns: 60 },
    );
  });

  it('stops dual-writing exactly the buckets below q*100', () => {
    for (const i of [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]) {
      const mid = midWithCode(1, i << 31n);
      const d = decide(mid, {
        migrations: [mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 })],
      });
      expect(d.writes).toEqual(inPercent(bucket(mid), 50) ? ['spare'] : ['spare', 'gz-personal']);
    }
  });

  it('buckets keys without a meeting ID by the key string', () => {
    const key = 'member_9_0';
    const d = decide(key, { migrations: [mig('GRAY_READ', { grayReadPercent: 37 })] });
    expect(d.read === 'spare').toBe(inPercent(bucketOfKey(key), 37));
  });

  it('scoped migrations take only mid % M == r, and never keys without a meeting ID', () => {
    const scoped = [mig('DONE', { scope: { modulo: 2, remainder: 1 } })];
    const odd = midWithCode(1, (1n << 31n) | 1n);
    const even = midWithCode(1, 1n << 31n);
    expect(decide(odd, { migrations: scoped })).toMatchObject({ read: 'spare', migration: 'm1' });
    expect(decide(even, { migrations: scoped })).toMatchObject({ read: 'gz-personal', migration: null });
    expect(decide('member_9_0', { migrations: scoped })).toMatchObject({ read: 'gz-personal', migration: null });
    expect(decide(`stable_${odd}`, { migrations: scoped })).toMatchObject({ read: 'spare' });
    // A non-mid dimension whose pattern names a mid is scoped by that mid.
    expect(decide(`fx_${odd}`, { migrations: scoped })).toMatchObject({ read: 'spare', migration: 'm1' });
    expect(decide(`fx_${even}`, { migrations: scoped })).toMatchObject({ read: 'gz-personal', migration: null });
  });

  it('lets the last covering migration of a code win', () => {
    const done = mig('DONE');
    const next = mig('DUAL_WRITE', { id: 'm2', from: 'spare', to: 'gz-personal-sh' });
    expect(decide(CODE1_KEYS.mid, { migrations: [done, next] })).toMatchObject({
      migration: 'm2',
      read: 'spare',
      writes: ['spare', 'gz-personal-sh'],
    });
  });
});

describe('failures', () => {
  const cfg = compileConfig(snapshot());
  it('names the key when no key type matches', () => {
    expect(routeKey(cfg, 'nope')).toEqual({ error: 'NO_KEY_TYPE', key: 'nope', message: "no key type matches 'nope'" });
  });

  it('refuses meeting IDs above 2^64-1', () => {
    expect(routeKey(cfg, '18446744073709551616')).toMatchObject({
      error: 'BAD_MEETING_ID',
      key: '18446744073709551616',
    });
    expect(routeKey(cfg, 'stable_99999999999999999999')).toMatchObject({ error: 'BAD_MEETING_ID' });
  });

  it('refuses a snapshot with problems at compile time', () => {
    expect(() => compileConfig({ ...snapshot(), bottom: 3 })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('freezes the compiled snapshot', () => {
    expect(Object.isFrozen(cfg.snapshot.keyTypes[0]!.dimension)).toBe(true);
  });
});

describe('every uint64 routes', () => {
  const cfg = compileConfig(snapshot({ failover: [] }));
  const instances = new Set(cfg.snapshot.instances.map((i) => i.name));
  it('to a deployed code and a known instance, with a reason trail', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (id) => {
        const d = routeKey(cfg, id.toString());
        if (isRouteFailure(d)) return false;
        return (
          cfg.deployed.has(d.code!) &&
          instances.has(d.read) &&
          d.writes.every((w) => instances.has(w)) &&
          d.reasons.length >= 3
        );
      }),
    );
  });
});
