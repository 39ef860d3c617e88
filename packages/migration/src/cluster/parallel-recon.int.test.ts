/**
 * Parallel reconciliation over a Redis Cluster (seed 001 §8.3.3.2): a cluster source is
 * scanned per master node in parallel. The planted differences sit on every master and must
 * all be found; the run is repeated serially (nodeConcurrency 1) and both give the same
 * counts. keys/s of both are printed for the note (never asserted: the machine is shared).
 */
import { startRedis, startRedisCluster, type RedisCluster, type RedisProcess } from '@switchyard/stack/harness';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runReconciliation } from '../reconcile/run-reconciliation.ts';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';

let single: RedisProcess;
let cluster: RedisCluster;
let neu: Redis;
let old: Cluster;

beforeAll(async () => {
  [single, cluster] = await Promise.all([startRedis(), startRedisCluster({ masters: 3 })]);
  neu = new Redis({ port: single.port });
  old = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0]! }]);
  await old.ping();
}, 60_000);
afterAll(async () => {
  neu?.disconnect();
  old?.disconnect();
  await Promise.all([single?.stop(), cluster?.stop()]);
});

const m = migrationOf({ to: 'spare' });
const scope = () => scopeFromConfig(testSnapshot({ old: cluster.ports[0]!, new: single.port }, [m]), m);
const KEYS = 6000;

it('scans every master of a cluster source in parallel and finds the differences planted on each', async () => {
  const keys = Array.from({ length: KEYS }, (_, n) => `stable_${midWithCode(1, n)}`);
  await Promise.all(keys.map((k, n) => old.set(k, `v${n}`)));
  const p = neu.pipeline();
  keys.forEach((k, n) => p.set(k, `v${n}`));
  await p.exec();

  // One planted difference per master: the first key each master's SCAN returns.
  const planted: string[] = [];
  for (const node of old.nodes('master')) {
    const [, found] = await node.scan('0', 'MATCH', 'stable_*', 'COUNT', 100);
    planted.push(found[0]!);
    await neu.set(found[0]!, 'drifted on the standalone side');
  }
  expect(new Set(planted).size).toBe(3);

  const base = {
    migrationId: m.id,
    pair: { old, new: neu },
    scope: scope(),
    truth: 'old' as const,
    direction: 'forward' as const,
    repair: false,
    recheckDelayMs: 10,
  };
  const timed = async (nodeConcurrency: number) => {
    const t0 = performance.now();
    const run = await runReconciliation({ ...base, nodeConcurrency });
    return { run, keysPerSecond: Math.round(run.scanned / ((performance.now() - t0) / 1000)) };
  };
  await timed(8); // warm-up: connections to every node, script loads
  const serial = await timed(1);
  const parallel = await timed(8);
  for (const { run } of [serial, parallel]) {
    expect(run).toMatchObject({ scanned: KEYS, equal: KEYS - 3, differing: 3, unresolved: 3 });
    expect(run.differences.map((d) => d.key).sort()).toEqual([...planted].sort());
  }
  console.log(
    `[bench] cluster recon (3 masters, ${KEYS} keys, repair off): serial ${serial.keysPerSecond} keys/s, parallel ${parallel.keysPerSecond} keys/s`,
  );
}, 120_000);
