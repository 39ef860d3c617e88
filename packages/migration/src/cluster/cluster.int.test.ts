/**
 * The engine against a Redis Cluster on either side: standalone → cluster and back. Batch
 * scripts run per key on a cluster (keys of one call must share a slot) and SCAN walks every
 * master; the results must match the standalone path.
 */
import { startRedis, startRedisCluster, type RedisCluster, type RedisProcess } from '@switchyard/stack/harness';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runBackfill } from '../backfill/run-backfill.ts';
import { runCleanup } from '../cleanup/run-cleanup.ts';
import { handleSecondaryWriteFailure } from '../compensation/handle-failure.ts';
import { runReconciliation } from '../reconcile/run-reconciliation.ts';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { RedisCursorStore } from '../stores/redis-cursor-store.ts';
import { independentDiff } from '../test-support/independent-compare.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';

let single: RedisProcess;
let control: RedisProcess;
let cluster: RedisCluster;
let old: Redis;
let ctl: Redis;
let neu: Cluster;

beforeAll(async () => {
  [single, control, cluster] = await Promise.all([startRedis(), startRedis(), startRedisCluster({ masters: 3 })]);
  old = new Redis({ port: single.port });
  ctl = new Redis({ port: control.port });
  neu = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0]! }]);
  await neu.ping();
}, 60_000);
afterAll(async () => {
  old?.disconnect();
  ctl?.disconnect();
  neu?.disconnect();
  await Promise.all([single?.stop(), control?.stop(), cluster?.stop()]);
});

const m = migrationOf({ to: 'spare' });
const scope = () => scopeFromConfig(testSnapshot({ old: single.port, new: cluster.ports[0]! }, [m]), m);
const mid = (n: number): string => midWithCode(1, n);

it('backfills, reconciles and compensates between a standalone instance and a cluster, both ways', async () => {
  const p = old.pipeline();
  for (let n = 0; n < 300; n++) {
    p.set(`stable_${mid(n)}`, `v${n}`, 'EX', 600);
    p.hset(`member_list_{${mid(n)}}`, 'a', String(n), 'b', 'x');
    if (n % 3 === 0) p.zadd(`m2u_{${mid(n)}}`, n, 'u');
    if (n % 5 === 0) p.rpush(`mlist_{${mid(n)}}`, 'l1', 'l2');
  }
  p.hset(`member_list_{${mid(999)}}`, Object.fromEntries(Array.from({ length: 700 }, (_, i) => [`f${i}`, 'v'])));
  await p.exec();
  await neu.hset(`member_list_{${mid(1)}}`, 'a', 'dual-written'); // merge path on a cluster

  const forward = await runBackfill({
    jobId: 'to-cluster',
    source: old,
    target: neu,
    scope: scope(),
    cursorStore: new RedisCursorStore(ctl),
    inlineLimit: 500,
    inlineBytes: 2000,
  });
  expect(forward).toMatchObject({ done: true, inScope: 761, copied: 761, bigKeys: 1 });
  expect(await neu.hget(`member_list_{${mid(1)}}`, 'a')).toBe('dual-written');
  await neu.hset(`member_list_{${mid(1)}}`, 'a', '1'); // the dual write reaches old too, in effect

  const base = {
    migrationId: m.id,
    pair: { old, new: neu },
    scope: scope(),
    truth: 'old' as const,
    recheckDelayMs: 50,
  };
  expect(await runReconciliation({ ...base, direction: 'forward', repair: false })).toMatchObject({
    scanned: 761,
    equal: 761,
  });

  await neu.hset(`member_list_{${mid(7)}}`, 'b', 'drift');
  await neu.del(`stable_${mid(8)}`);
  await neu.set(`stable_${mid(5000)}`, 'only on the cluster');
  const fixedForward = await runReconciliation({ ...base, direction: 'forward' });
  const fixedReverse = await runReconciliation({ ...base, direction: 'reverse' });
  expect([fixedForward.repaired, fixedReverse.repaired]).toEqual([2, 1]);
  expect(await independentDiff(old, neu)).toEqual([]);

  // An ambiguous INCR to the cluster: retried, then reconciled back through the cluster client.
  await old.set(`stable_${mid(9)}`, '6');
  await neu.set(`stable_${mid(9)}`, '6');
  expect(
    await handleSecondaryWriteFailure(
      { migration: m, pair: { old, new: neu }, control: ctl, scope: scope() },
      { primary: m.from, secondary: m.to, argv: ['INCR', `stable_${mid(9)}`], error: 'ERR timeout' },
      { retryDelayMs: 1 },
    ),
  ).toMatchObject({ outcome: 'retried', repairs: ['repaired'] });
  expect(await neu.get(`stable_${mid(9)}`)).toBe('6');
  expect(await independentDiff(old, neu)).toEqual([]);

  // Back the other way: the cluster is the source, one checkpoint per master.
  await old.flushall();
  const back = await runBackfill({
    jobId: 'from-cluster',
    source: neu,
    target: old,
    scope: scope(),
    cursorStore: new RedisCursorStore(ctl),
  });
  expect(back).toMatchObject({ done: true, inScope: 761, copied: 761 });
  expect((await ctl.keys('sy:backfill:from-cluster@*')).length).toBe(3);
  expect(await independentDiff(old, neu)).toEqual([]);

  const cleaned = await runCleanup({ migration: { ...m, phase: 'DONE' }, source: neu, scope: scope() });
  expect(cleaned).toMatchObject({ inScope: 761, deleted: 761, done: true });
});
