/**
 * Reconciliation filters (seed 001 §8.3.3.3) against real Postgres: the rows the migrator
 * wrote stay; a filter moves the differences it accepts out of the unresolved count and list
 * into a list of their own, and removing the filter brings them back. Every change is audited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { latestRuns } from './recon-service.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

const side = { type: 'hash', ttlMs: -1n, value: '{}', digest: 'hash|0|x' };
function row(key: string, keyType: string, detail: string, direction = 'forward') {
  return {
    migrationId: 'm-f',
    runId: `run-${direction}`,
    direction,
    key,
    keyType,
    why: 'CONFLICT',
    detail,
    oldType: side.type,
    oldTtlMs: side.ttlMs,
    oldValue: '{"joinedAt":"1"}',
    oldDigest: side.digest,
    newType: side.type,
    newTtlMs: side.ttlMs,
    newValue: '{}',
    newDigest: 'hash|0|y',
  };
}

it('filtered differences leave the unresolved count and list, are listed apart, and come back when the filter goes', async () => {
  const counters = { scanned: 10, equal: 6, differing: 4, resolvedOnRecheck: 0, repaired: 0, unresolved: 4 };
  for (const direction of ['forward', 'reverse']) {
    await api.db.reconRun.create({
      data: {
        id: `run-${direction}`,
        migrationId: 'm-f',
        direction,
        startedAt: new Date(),
        finishedAt: new Date(),
        counters,
        byKeyType: {},
        samples: [],
        run: { ...counters, truth: 'old', aborted: false, truncated: false, byKeyType: {}, samples: [] },
      },
    });
  }
  await api.db.reconDifference.createMany({
    data: [
      row('member_list_{1}', 'member_list', 'hash field joinedAt differs'),
      row('member_list_{2}', 'member_list', 'hash field joinedAt differs'),
      row('stable_3', 'stable', 'value differs'),
      row('stable_4', 'stable', 'value differs'),
      row('stable_5', 'stable', 'value differs', 'reverse'),
    ],
  });
  const op = api.as('operator');
  let d = await op.recon.differences({ id: 'm-f' });
  expect([d.total, d.filteredTotal]).toEqual([5, 0]);

  await expect(op.recon.filters.create({ name: 'nothing', reason: 'no criteria' })).rejects.toThrow(/at least one of/);
  await op.recon.filters.create({
    name: 'joinedAt-clock',
    keyType: 'member_list',
    field: 'joinedAt',
    reason: 'joinedAt is set per side; accepted',
  });
  await op.recon.filters.create({
    name: 'stable-5',
    migrationId: 'm-f',
    keyPattern: 'stable_5',
    reason: 'known orphan on new',
  });
  await op.recon.filters.create({
    name: 'other-migration',
    migrationId: 'm-other',
    keyPattern: '*',
    reason: 'another migration only',
  });

  d = await op.recon.differences({ id: 'm-f' });
  expect(d.differences.map((x) => x.key)).toEqual(['stable_3', 'stable_4']);
  expect(d.total).toBe(2);
  expect(d.filtered.map((x) => [x.key, x.filter])).toEqual([
    ['member_list_{1}', 'joinedAt-clock'],
    ['member_list_{2}', 'joinedAt-clock'],
    ['stable_5', 'stable-5'],
  ]);
  const runs = await latestRuns(api.db, 'm-f');
  expect([runs.forward?.unresolved, runs.forward?.filtered, runs.reverse?.unresolved, runs.reverse?.filtered]).toEqual([
    2, 2, 3, 1,
  ]);
  expect(await api.db.reconDifference.count({ where: { migrationId: 'm-f' } })).toBe(5);

  await op.recon.filters.remove({ name: 'joinedAt-clock', reason: 'no longer accepted' });
  d = await op.recon.differences({ id: 'm-f' });
  expect([d.total, d.filteredTotal]).toEqual([4, 1]);
  await expect(
    api.as('viewer').recon.filters.create({ name: 'x', keyType: 'stable', reason: 'viewer tries' }),
  ).rejects.toThrow();
  expect((await api.as('viewer').recon.filters.list({ migrationId: 'm-f' })).filters.map((f) => f.name)).toEqual([
    'stable-5',
  ]);
  const audit = await api.db.auditEntry.findMany({
    where: { action: { startsWith: 'recon.filters.' } },
    orderBy: { at: 'asc' },
  });
  // Refusals (no criteria, a viewer) are audited too.
  expect(audit.map((a) => `${a.action} ${a.target} ${a.outcome}`)).toEqual([
    'recon.filters.create nothing error',
    'recon.filters.create joinedAt-clock ok',
    'recon.filters.create stable-5 ok',
    'recon.filters.create other-migration ok',
    'recon.filters.remove joinedAt-clock ok',
    'recon.filters.create x denied',
  ]);
});
