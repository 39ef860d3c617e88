/**
 * Proxy benchmark: one redis-server fronted by (a) nothing, (b) the Switchyard proxy and
 * (c) twemproxy (nutcracker), measured with redis-benchmark GET/SET at -P 1 and -P 16.
 * Prints a table and JSON, and writes bench/results/proxy.json. Never asserts on time.
 *
 *   node --import tsx bench/proxy-bench.ts
 *   env: BENCH_N, BENCH_N_PIPELINED, BENCH_ROUNDS, BENCH_PROXY_PROCESSES, BENCH_TARGETS,
 *        BENCH_PIPELINES, BENCH_PROXY_NODE_ARGS, BENCH_TESTS (get,set: one of them alone gives
 *        its own CPU per request; together the CPU figures are their average), BENCH_KEYSPACE
 *        (redis-benchmark -r: random keys out of that many; default one key, as redis-benchmark),
 *        BENCH_PIN=1 (each proxy alone on the last CPU, redis and the client on the others;
 *        bench/lib/cpu-pin.ts; writes bench/results/proxy-pinned.json instead)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '@switchyard/stack/harness';
import { benchSnapshot, ROOT, startProxyProcess, stopProcess } from './lib/proxy-process.ts';
import { cpuPlan, pinProcess } from './lib/cpu-pin.ts';
import { measureComponents, type StageFigure } from './lib/proxy-components.ts';
import { runRedisBenchmark, warmUp, type BenchRow } from './lib/redis-benchmark.ts';
import { startTwemproxy } from './lib/twemproxy.ts';

/**
 * Requests per round: ~2 s at -P 1 and ~1 s at -P 16, so that one scheduler hiccup or scavenge
 * does not decide a round's p99 (at 60k / 300k, 0.6 s and 0.3 s, the same code's -P 16 SET
 * ratio moved 1.33-1.49 between runs).
 */
const N = Number(process.env.BENCH_N ?? 200_000);
const N_PIPELINED = Number(process.env.BENCH_N_PIPELINED ?? 1_000_000);
/** Targets are interleaved per round and the median round is reported: the box is shared. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROCESSES = Number(process.env.BENCH_PROXY_PROCESSES ?? 1);
/** e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the proxy under load. */
const PROXY_NODE_ARGS = (process.env.BENCH_PROXY_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Comma-separated subset of redis,switchyard,twemproxy. */
const TARGETS = (process.env.BENCH_TARGETS ?? 'redis,switchyard,twemproxy').split(',');
const PIPELINES = (process.env.BENCH_PIPELINES ?? '1,16').split(',').map(Number);
const TESTS = (process.env.BENCH_TESTS ?? 'get,set').split(',');
const KEYSPACE = process.env.BENCH_KEYSPACE === undefined ? [] : ['-r', process.env.BENCH_KEYSPACE];
const SECRET = 'bench-secret';
const PIN = cpuPlan();
if (PIN !== null && PROCESSES > 1) throw new Error('BENCH_PIN=1 pins one proxy process; unset BENCH_PROXY_PROCESSES');

function startProxy(dir: string, redisPort: number): Promise<{ port: number; child: ChildProcess }> {
  return benchSnapshot(redisPort, SECRET).then((snapshot) =>
    startProxyProcess({
      dir,
      name: 'bench',
      snapshot,
      nodeArgs: PROXY_NODE_ARGS,
      env: { PROXY_PROCESSES: String(PROCESSES) },
    }),
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-bench-'));
  const redis = await startRedis();
  const proxy = await startProxy(dir, redis.port);
  const twem = await startTwemproxy(dir, redis.port);
  if (PIN !== null) {
    pinProcess(redis.pid()!, PIN.rest);
    pinProcess(proxy.child.pid!, PIN.proxy);
    pinProcess(twem.child.pid!, PIN.proxy);
  }
  const rows: BenchRow[] = [];
  let stages: StageFigure[] = [];
  try {
    stages = await measureComponents(redis.port);
    const redisPid = redis.pid()!;
    const all: { target: string; port: number; auth: string[]; watch: Record<string, number> }[] = [
      { target: 'redis', port: redis.port, auth: [], watch: { redis: redisPid } },
      {
        target: 'switchyard',
        port: proxy.port,
        auth: ['--user', 'demo', '-a', SECRET],
        watch: { redis: redisPid, proxy: proxy.child.pid! },
      },
      { target: 'twemproxy', port: twem.port, auth: [], watch: { redis: redisPid, proxy: twem.child.pid! } },
    ];
    const targets = all.filter((t) => TARGETS.includes(t.target));
    await warmUp(targets, ['get', 'set'], PIN?.rest);
    const samples: BenchRow[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const pipeline of PIPELINES) {
        for (const t of targets) {
          const n = pipeline === 1 ? N : N_PIPELINED;
          for (const row of await runRedisBenchmark({
            port: t.port,
            clients: 50,
            requests: n,
            pipeline,
            tests: TESTS,
            extraArgs: [...t.auth, ...KEYSPACE],
            watch: t.watch,
            ...(PIN === null ? {} : { cpus: PIN.rest }),
          })) {
            samples.push({ ...row, target: t.target });
          }
        }
      }
    }
    rows.push(...medianRows(samples));
  } finally {
    await stopProcess(proxy.child);
    await stopProcess(twem.child);
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const rps = (target: string, test: string, pipeline: number): number =>
    rows.find((r) => r.target === target && r.test === test && r.pipeline === pipeline)?.rps ?? NaN;
  const ratios = [1, 16].flatMap((p) =>
    TESTS.map((t) => t.toUpperCase()).map((test) => ({
      test,
      pipeline: p,
      vsRedis: round(rps('switchyard', test, p) / rps('redis', test, p)),
      vsTwemproxy: round(rps('switchyard', test, p) / rps('twemproxy', test, p)),
    })),
  );
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    clients: 50,
    requests: { p1: N, p16: N_PIPELINED },
    rounds: ROUNDS,
    loadAverage: os.loadavg(),
    proxyProcesses: PROCESSES,
    pinned: PIN,
    stages,
    rows,
    ratios,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = PIN === null ? 'proxy.json' : 'proxy-pinned.json';
  await writeFile(path.join(ROOT, 'bench/results', file), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
  console.table(
    rows.map((r) => ({
      target: r.target,
      test: r.test,
      P: r.pipeline,
      rps: Math.round(r.rps),
      p50_ms: r.p50,
      p99_ms: r.p99,
      ...cpuColumns(r),
    })),
  );
  console.table(ratios);
  console.table(stages);
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** CPU µs per request of the client, redis and the proxy in between (GET+SET run average). */
function cpuColumns(r: BenchRow): Record<string, number | string> {
  const c = r.cpuUsPerRequest ?? {};
  const u = r.cpuUserUsPerRequest ?? {};
  return { client_us: c.client ?? '', redis_us: c.redis ?? '', proxy_us: c.proxy ?? '', proxy_user_us: u.proxy ?? '' };
}

/** Per target/test/pipeline, the sample with the median rps (its latencies come with it). */
function medianRows(samples: readonly BenchRow[]): BenchRow[] {
  const groups = new Map<string, BenchRow[]>();
  for (const s of samples) {
    const key = `${s.target}|${s.test}|${s.pipeline}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((g) => {
    const sorted = [...g].sort((a, b) => a.rps - b.rps);
    return { ...sorted[Math.floor(sorted.length / 2)]!, rounds: sorted.map((r) => Math.round(r.rps)) };
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
