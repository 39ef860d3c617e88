/**
 * Shard-migration engine throughput against direct redis-servers on 127.0.0.1: backfill
 * (SCAN + scope check + "if absent" copy) and reconciliation (SCAN + digests on both sides),
 * in keys per second for one process. Loads a bounded mix of demo-shaped keys (SEQ strings,
 * member hashes, zsets, sets, lists; a third with TTLs) with pipelined ioredis first.
 * Prints JSON, then a table; writes bench/results/migration.json. Never asserts time.
 * Run: node --import tsx bench/migration-bench.ts [--keys 1000000] [--batch 1000] [--concurrency 4]
 *   [--profile DIR]: a CPU profile of this process per scenario (load phase excluded) into DIR,
 *   for bench/lib/cpuprof-summary.ts; profiling costs CPU, so the figures of that run are not comparable.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import {
  DEMO_INSTANCES,
  DEMO_LAYOUT,
  demoSnapshot,
  encodeMeetingId,
  parseSnapshot,
  writeSeq,
  type TMigration,
} from '../packages/core/src/index.ts';
import {
  RedisCursorStore,
  runBackfill,
  runReconciliation,
  scopeAll,
  scopeFromConfig,
  type KeyScope,
} from '../packages/migration/src/index.ts';
import { startRedis, type RedisProcess } from '../packages/stack/src/harness/index.ts';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '4' },
    profile: { type: 'string' },
  },
});
const KEYS = Math.min(Math.max(Number(values.keys) || 1_000_000, 1000), 3_000_000);
const BATCH = Math.min(Math.max(Number(values.batch) || 1000, 10), 10_000);
const CONCURRENCY = Math.min(Math.max(Number(values.concurrency) || 4, 1), 16);

const migration: TMigration = {
  id: 'bench',
  name: 'bench',
  code: 1,
  from: 'gz-personal',
  to: 'spare',
  phase: 'BACKFILL',
  grayReadPercent: 0,
  stopDualWritePercent: 0,
};
const parsed = parseSnapshot({
  ...demoSnapshot(
    { host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7001 + n])) },
    'scrypt$bench',
  ),
  migrations: [migration],
});
if (!parsed.ok) throw new Error('demo snapshot invalid');
const configScope = scopeFromConfig(parsed.snapshot, migration);

const mid = (n: number): string =>
  encodeMeetingId({ kind: 'normal', code: 1, day: 1000, random: (1n << 31n) | BigInt(n) }, DEMO_LAYOUT).toString();
const payload = Buffer.alloc(64, 'p');

/** 70% SEQ strings, 12% hashes, 6% zsets, 6% sets, 6% lists; every third key expires. */
async function load(c: Redis, count: number): Promise<void> {
  for (let start = 0; start < count; start += 10_000) {
    const p = c.pipeline();
    for (let n = start; n < Math.min(count, start + 10_000); n++) {
      const m = mid(n);
      const kind = n % 50;
      let key: string;
      if (kind < 35) p.set((key = m), Buffer.from(writeSeq(BigInt(n), payload)));
      else if (kind < 41) p.hset((key = `member_list_{${m}}`), 'u1', 'a', 'u2', 'b', 'u3', 'c', 'u4', 'd', 'u5', 'e');
      else if (kind < 44) p.zadd((key = `m2u_{${m}}`), 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
      else if (kind < 47) p.set((key = `stable_${m}`), payload);
      else p.set((key = `shadow_{${m}}`), 'x');
      if (n % 3 === 0) p.expire(key, 3600);
    }
    await p.exec();
  }
}

interface Result {
  scenario: string;
  keys: number;
  seconds: number;
  keysPerSecond: number;
  /** CPU seconds used by this Node process and by each redis-server during the scenario. */
  cpu: { node: number; source: number; target: number };
  /** keys / the busiest process's CPU seconds: the rate when each process has a core to itself. */
  keysPerBottleneckCpuSecond: number;
  detail: Record<string, number>;
}

async function serverCpu(c: Redis): Promise<number> {
  const info = await c.info('cpu');
  const num = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return num('used_cpu_sys') + num('used_cpu_user');
}

let cpuSources: [Redis, Redis] | null = null;

/** Runs `fn` under the V8 profiler when --profile is set; writes DIR/<scenario>.cpuprofile. */
async function profiled<T>(scenario: string, fn: () => Promise<T>): Promise<T> {
  if (values.profile === undefined) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(values.profile, { recursive: true });
    const file = `${values.profile}/${scenario.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
    await writeFile(file, JSON.stringify(profile));
  }
}

async function timed(
  scenario: string,
  run: () => Promise<{ keys: number; detail: Record<string, number> }>,
): Promise<Result> {
  const [src, dst] = cpuSources!;
  const [s0, d0] = await Promise.all([serverCpu(src), serverCpu(dst)]);
  const n0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { keys, detail } = await profiled(scenario, run);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const n1 = process.cpuUsage(n0);
  const [s1, d1] = await Promise.all([serverCpu(src), serverCpu(dst)]);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const cpu = { node: round((n1.user + n1.system) / 1e6), source: round(s1 - s0), target: round(d1 - d0) };
  const busiest = Math.max(cpu.node, cpu.source, cpu.target);
  return {
    scenario,
    keys,
    seconds: round(seconds),
    keysPerSecond: Math.round(keys / seconds),
    cpu,
    keysPerBottleneckCpuSecond: Math.round(keys / busiest),
    detail,
  };
}

async function backfill(name: string, old: Redis, neu: Redis, control: Redis, scope: KeyScope): Promise<Result> {
  await neu.flushall();
  return timed(name, async () => {
    const r = await runBackfill({
      jobId: `bench-${name}`,
      source: old,
      target: neu,
      scope,
      cursorStore: new RedisCursorStore(control),
      batchSize: BATCH,
      concurrency: CONCURRENCY,
    });
    return { keys: r.scanned, detail: { inScope: r.inScope, copied: r.copied, skipped: r.skipped } };
  });
}

async function reconcile(name: string, old: Redis, neu: Redis, direction: 'forward' | 'reverse'): Promise<Result> {
  return timed(name, async () => {
    const r = await runReconciliation({
      migrationId: 'bench',
      pair: { old, new: neu },
      scope: configScope,
      direction,
      truth: 'old',
      recheckDelayMs: 0,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
    });
    return { keys: r.scanned + r.outOfScope, detail: { equal: r.equal, differing: r.differing, repaired: r.repaired } };
  });
}

const servers: RedisProcess[] = await Promise.all([startRedis(), startRedis(), startRedis()]);
const [old, neu, control] = servers.map((s) => new Redis({ host: s.host, port: s.port }));
try {
  cpuSources = [old!, neu!];
  const t0 = Date.now();
  await load(old!, KEYS);
  const loadSeconds = (Date.now() - t0) / 1000;
  const results = [
    await backfill('backfill, scope from config', old!, neu!, control!, configScope),
    await backfill('backfill, every key (no scope check)', old!, neu!, control!, scopeAll()),
    await timed('backfill again, all present (NX no-ops)', async () => {
      const r = await runBackfill({
        jobId: 'bench-again',
        source: old!,
        target: neu!,
        scope: configScope,
        cursorStore: new RedisCursorStore(control!),
        batchSize: BATCH,
        concurrency: CONCURRENCY,
      });
      return { keys: r.scanned, detail: { copied: r.copied, skipped: r.skipped } };
    }),
    await reconcile('reconcile forward (all equal)', old!, neu!, 'forward'),
  ];
  // 1% of keys drift on the new side, for a reconciliation that repairs.
  const p = neu!.pipeline();
  for (let n = 0; n < KEYS; n += 100) p.set(mid(n), Buffer.from(writeSeq(0n, payload)));
  await p.exec();
  results.push(await reconcile('reconcile forward, 1% differ, repair', old!, neu!, 'forward'));
  results.push(await reconcile('reconcile reverse (all equal)', old!, neu!, 'reverse'));
  const report = {
    bench: 'migration',
    target: 'direct redis-server 127.0.0.1 (source, target, control)',
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    loadAverage: (await import('node:os')).loadavg(),
    keys: KEYS,
    batch: BATCH,
    concurrency: CONCURRENCY,
    loadSeconds,
    results,
    reference: 'redis-full-check compares at 15k QPS by default (its --qps limit)',
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(report, null, 2));
  await writeFile(new URL('./results/migration.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    '\nscenario                                        keys   seconds     keys/s   cpu s node/src/dst   keys/bottleneck-cpu-s',
  );
  for (const r of results) {
    const cpu = `${r.cpu.node.toFixed(1)}/${r.cpu.source.toFixed(1)}/${r.cpu.target.toFixed(1)}`;
    console.log(
      `${r.scenario.padEnd(42)}${String(r.keys).padStart(10)}${r.seconds.toFixed(2).padStart(10)}${String(r.keysPerSecond).padStart(11)}${cpu.padStart(21)}${String(r.keysPerBottleneckCpuSecond).padStart(24)}`,
    );
  }
} finally {
  for (const c of [old, neu, control]) c?.disconnect();
  await Promise.all(servers.map((s) => s.stop()));
}
