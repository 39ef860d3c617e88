import { describe, expect, it } from 'vitest';
import { validateSnapshot, type TMigration } from '@switchyard/core';
import { demoFixtureSnapshot } from '../testing/demo-fixture.ts';
import { migrationInterlocks } from './failover-plan.ts';
import { withMigrationTopology } from './migration-topology.ts';

const base = demoFixtureSnapshot();
const mig = (phase: TMigration['phase'], extra: Partial<TMigration> = {}): TMigration => ({
  id: 'm1',
  name: 'm',
  code: 1,
  from: 'gz-personal',
  to: 'spare',
  phase,
  grayReadPercent: 100,
  stopDualWritePercent: 100,
  ...extra,
});
const withMig = (m: TMigration) => withMigrationTopology({ ...base, migrations: [m] }, m);
const homeOf1 = (s: typeof base) => s.codes.find((c) => c.code === 1)?.instances.gz;

describe('migration topology', () => {
  it('an unscoped DONE makes the target the home, and the snapshot stays valid', () => {
    const done = withMig(mig('DONE'));
    expect(homeOf1(done)).toBe('spare');
    expect(validateSnapshot(done)).toEqual([]);
  });

  it('leaving DONE makes `from` the home again; scoped migrations never move the home', () => {
    const done = withMig(mig('DONE'));
    const back = withMigrationTopology(done, mig('STOP_DUAL_WRITE'));
    expect(homeOf1(back)).toBe('gz-personal');
    expect(homeOf1(withMig(mig('DONE', { scope: { modulo: 2, remainder: 1 } })))).toBe('gz-personal');
    expect(homeOf1(withMig(mig('GRAY_READ')))).toBe('gz-personal');
  });

  it('failover interlocks per phase: overridable while old receives every write, refused at cutover and for scoped DONE', () => {
    const codes = (m: TMigration) =>
      migrationInterlocks({ ...base, migrations: [m] }, 'gz').map((l) => `${l.code}:${l.overridable}`);
    for (const phase of ['DUAL_WRITE', 'BACKFILL', 'RECONCILE', 'GRAY_READ', 'WRITE_ORDER_SWITCH'] as const)
      expect(codes(mig(phase))).toEqual(['MIGRATION_ACTIVE:true']);
    expect(codes(mig('STOP_DUAL_WRITE'))).toEqual(['MIGRATION_CUTOVER:false']);
    expect(codes(mig('DONE'))).toEqual([]);
    expect(codes(mig('DONE', { scope: { modulo: 2, remainder: 1 } }))).toEqual(['MIGRATION_SCOPED_DONE:false']);
    expect(codes(mig('ABORTED'))).toEqual([]);
    // A failover of the other region ignores code 1's migration.
    expect(migrationInterlocks({ ...base, migrations: [mig('STOP_DUAL_WRITE')] }, 'sh')).toEqual([]);
  });
});
