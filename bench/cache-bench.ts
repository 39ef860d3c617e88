/**
 * Local-cache benchmark: a hot key served through the proxy's cache vs straight from Redis.
 * The bench's own snapshot gives the `bench` key type (redis-benchmark's `key:*`) the 1 s
 * cache tier, so `-t get` hammers one cached key. Also runs the proxy with the tier off
 * (`uncached`) for the cost of the cache-less path. redis-benchmark -c 50, -P 1 and -P 16,
 * targets interleaved per round, medians reported. Prints JSON and tables and writes
 * bench/results/cache.json. Never asserts on time.
 *
 *   node --import tsx bench/cache-bench.ts
 *   env: BENCH_N, BENCH_N_PIPELINED, BENCH_ROUNDS, BENCH_PROXY_PROCESSES, BENCH_TESTS,
 *        BENCH_PIPELINES, BENCH_TARGETS, BENCH_PROXY_NODE_ARGS (as in proxy-bench.ts),
 *        BENCH_BASELINE_MAIN (an older checkout's apps/proxy/src/main.ts: adds its uncached
 *        proxy as `proxy-baseline`, for a before/after of the cache-less path in one run)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TCacheTier } from '@switchyard/core';
import { startRedis } from '@switchyard/stack/harness';
import { measureGuard } from './lib/guard-components.ts';
import { benchSnapshot, ROOT, startProxyProcess, stopProcess } from './lib/proxy-process.ts';
import { runRedisBenchmark, warmUp, type BenchRow } from './lib/redis-benchmark.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const N_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? 500_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESSES = Number(process.env.BENCH_PROXY_PROCESSES ?? 1);
const SECRET = 'bench-secret';

type Sample = BenchRow & { serverCpuUs?: number };
const BASELINE_MAIN = process.env.BENCH_BASELINE_MAIN;
/** GET is the cached read; SET shows the write path (on `proxy-cached` it also invalidates and publishes). */
const TESTS = (process.env.BENCH_TESTS ?? 'get,set').split(',');
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
/** Comma-separated subset of redis,proxy-cached,proxy-uncached,proxy-baseline. */
const TARGETS = process.env.BENCH_TARGETS?.split(',') ?? null;
/** e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the proxies under load. */
const PROXY_NODE_ARGS = (process.env.BENCH_PROXY_NODE_ARGS ?? '').split(' ').filter(Boolean);

async function startProxy(
  dir: string,
  redisPort: number,
  tier: TCacheTier,
  name: string,
  main?: string,
): Promise<{ port: number; child: ChildProcess }> {
  const snapshot = await benchSnapshot(redisPort, SECRET);
  snapshot.keyTypes = snapshot.keyTypes.map((kt) => (kt.name === 'bench' ? { ...kt, cacheTier: tier } : kt));
  return startProxyProcess({
    dir,
    name,
    snapshot,
    env: { PROXY_PROCESSES: String(PROCESSES) },
    nodeArgs: PROXY_NODE_ARGS,
    ...(main ? { main } : {}),
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-cache-bench-'));
  const redis = await startRedis();
  const cached = await startProxy(dir, redis.port, '1s', 'bench-cached');
  const uncached = await startProxy(dir, redis.port, 'none', 'bench-uncached');
  const baseline = BASELINE_MAIN ? await startProxy(dir, redis.port, 'none', 'bench-baseline', BASELINE_MAIN) : null;
  const samples: Sample[] = [];
  try {
    const auth = ['--user', 'demo', '-a', SECRET];
    // `pid`: the serving process, whose CPU per request is measured around each run.
    const all = [
      { target: 'redis', port: redis.port, auth: [] as string[], pid: redis.pid()! },
      { target: 'proxy-cached', port: cached.port, auth, pid: cached.child.pid! },
      { target: 'proxy-uncached', port: uncached.port, auth, pid: uncached.child.pid! },
      ...(baseline ? [{ target: 'proxy-baseline', port: baseline.port, auth, pid: baseline.child.pid! }] : []),
    ];
    const targets = all.filter((t) => TARGETS === null || TARGETS.includes(t.target));
    // redis-benchmark -t get reads `key:__rand_int__`; give it a value first.
    await runRedisBenchmark({ port: redis.port, clients: 1, requests: 1, pipeline: 1, tests: ['set'] });
    await warmUp(targets, TESTS);
    for (let pass = 0; pass < ROUNDS; pass++) {
      for (const pipeline of PIPELINES) {
        for (const t of targets) {
          for (const test of TESTS) {
            const requests = pipeline === 1 ? N : N_PIPELINED;
            const rows = await runRedisBenchmark({
              port: t.port,
              clients: 50,
              requests,
              pipeline,
              tests: [test],
              extraArgs: t.auth,
              watch: { server: t.pid },
            });
            // CPU time of the serving process per request: unlike rps, barely moved by the box's load.
            for (const row of rows)
              samples.push({ ...row, target: t.target, serverCpuUs: row.cpuUsPerRequest?.server });
          }
        }
      }
    }
  } finally {
    await stopProcess(cached.child);
    await stopProcess(uncached.child);
    if (baseline) await stopProcess(baseline.child);
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const rows = medianRows(samples);
  const stages = measureGuard();
  const ratios = PIPELINES.flatMap((p) => TESTS.map((test) => ratiosOf(rows, test.toUpperCase(), p)));
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    clients: 50,
    requests: { p1: N, p16: N_PIPELINED },
    rounds: ROUNDS,
    loadAverage: os.loadavg(),
    proxyProcesses: PROCESSES,
    rows,
    ratios,
    stages,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/cache.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
  console.table(
    rows.map((r) => ({
      target: r.target,
      test: r.test,
      P: r.pipeline,
      rps: Math.round(r.rps),
      cpu_us_per_req: r.serverCpuUs,
      p50_ms: r.p50,
      p99_ms: r.p99,
      rounds: r.rounds?.join(' '),
    })),
  );
  console.table(ratios);
  console.table(stages);
}

const round = (x: number): number => Math.round(x * 100) / 100;

function ratiosOf(rows: readonly Sample[], test: string, p: number): Record<string, string | number> {
  const row = (target: string): Sample | undefined =>
    rows.find((r) => r.target === target && r.test === test && r.pipeline === p);
  const rps = (target: string): number => row(target)?.rps ?? NaN;
  const cpu = (target: string): number => row(target)?.serverCpuUs ?? NaN;
  return {
    test,
    pipeline: p,
    cachedVsRedis: round(rps('proxy-cached') / rps('redis')),
    uncachedVsRedis: round(rps('proxy-uncached') / rps('redis')),
    cachedVsUncached: round(rps('proxy-cached') / rps('proxy-uncached')),
    uncachedVsBaseline: round(rps('proxy-uncached') / rps('proxy-baseline')),
    cpuCachedVsUncached: round(cpu('proxy-cached') / cpu('proxy-uncached')),
    cpuUncachedVsBaseline: round(cpu('proxy-uncached') / cpu('proxy-baseline')),
  };
}

/** utime + stime of a process and its node:cluster workers, in ms (Linux /proc, 10 ms ticks). */
/** Per target and pipeline: the median-rps sample, with the median CPU cost of all rounds. */
function medianRows(samples: readonly Sample[]): Sample[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.target}|${s.test}|${s.pipeline}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g].sort((a, b) => a.rps - b.rps);
    const cpus = g.map((r) => r.serverCpuUs ?? NaN).sort((a, b) => a - b);
    return {
      ...sorted[Math.floor(sorted.length / 2)]!,
      rounds: sorted.map((r) => Math.round(r.rps)),
      serverCpuUs: cpus[Math.floor(cpus.length / 2)]!,
    };
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
