import { afterAll, beforeAll, expect, it } from 'vitest';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { runCleanup } from './run-cleanup.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());

it('after DONE unlinks only the migrated keys from the old instance; refuses before DONE', async () => {
  const old = t.pair.old;
  for (let n = 0; n < 30; n++) await old.set(`stable_${midWithCode(1, n)}`, 'moved');
  await old.set(`stable_${midWithCode(2, 1)}`, 'other code');
  await old.set('key:1', 'fixed instance');
  const done = migrationOf({
    phase: 'DONE',
    grayReadPercent: 100,
    stopDualWritePercent: 100,
    scope: { modulo: 2, remainder: 0 },
  });
  const scope = scopeFromConfig(testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [done]), done);

  await expect(runCleanup({ migration: { ...done, phase: 'STOP_DUAL_WRITE' }, source: old, scope })).rejects.toThrow(
    /only after DONE/,
  );
  expect(await runCleanup({ migration: done, source: old, scope, dryRun: true })).toEqual({
    scanned: 32,
    inScope: 15,
    deleted: 0,
    done: true,
  });
  expect(await old.dbsize()).toBe(32);

  expect(await runCleanup({ migration: done, source: old, scope, batchSize: 5 })).toMatchObject({
    inScope: 15,
    deleted: 15,
    done: true,
  });
  expect(await old.dbsize()).toBe(17);
  expect(await old.exists(`stable_${midWithCode(1, 1)}`, `stable_${midWithCode(2, 1)}`, 'key:1')).toBe(3);
});
