/**
 * Node's floor at -P 1, in two parts, each against its C peer in the same run
 * (redis-benchmark -c 50 -P 1, targets interleaved per round, medians):
 *
 * 1. Server: a bare Node RESP server (bench/lib/node-floor-server.ts: one read, one write per
 *    request, no logic) against redis-server answering the same PING_INLINE.
 * 2. Proxy: GET and SET through a bare Node proxy (bench/lib/node-floor-proxy.ts: the proxy's
 *    own I/O with no auth, routing or parsing), twemproxy and Switchyard, all in front of one
 *    redis-server. Issue 20 asks Switchyard for twemproxy's CPU per request at -P 1; this
 *    shows how much of that a Node proxy pays before any logic, and what Switchyard adds.
 *
 * Prints tables and writes bench/results/node-floor.json (node-floor-pinned.json with
 * BENCH_PIN=1: each proxy alone on the last CPU, bench/lib/cpu-pin.ts). Never asserts on time.
 *
 *   node --import tsx bench/node-floor-bench.ts      env: BENCH_N, BENCH_ROUNDS, BENCH_PIN
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '@switchyard/stack/harness';
import { cpuPlan, pinProcess } from './lib/cpu-pin.ts';
import { benchSnapshot, ROOT, startBenchScript, startProxyProcess, stopProcess } from './lib/proxy-process.ts';
import { runRedisBenchmark, warmUp } from './lib/redis-benchmark.ts';
import { startTwemproxy } from './lib/twemproxy.ts';

const N = Number(process.env.BENCH_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PIN = cpuPlan();
const SECRET = 'bench-secret';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 100) / 100;

interface Target {
  target: string;
  port: number;
  /** The process whose CPU is measured. */
  pid: number;
  auth?: string[];
}

interface Figures {
  rps: number;
  cpuUs: number;
  userUs: number;
  cpuRounds: number[];
}

/** Every target runs each test once per round, in turn; the medians per target and test. */
async function measure(targets: Target[], tests: string[]): Promise<Map<string, Figures>> {
  const samples = new Map<string, { rps: number[]; cpu: number[]; user: number[] }>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const test of tests) {
      for (const t of targets) {
        const [row] = await runRedisBenchmark({
          port: t.port,
          clients: 50,
          requests: N,
          pipeline: 1,
          tests: [test],
          extraArgs: t.auth ?? [],
          watch: { server: t.pid },
          ...(PIN === null ? {} : { cpus: PIN.rest }),
        });
        const key = `${t.target}|${test}`;
        const s = samples.get(key) ?? { rps: [], cpu: [], user: [] };
        s.rps.push(row!.rps);
        s.cpu.push(row!.cpuUsPerRequest!.server!);
        s.user.push(row!.cpuUserUsPerRequest!.server!);
        samples.set(key, s);
      }
    }
  }
  return new Map(
    [...samples].map(([key, s]) => [
      key,
      { rps: Math.round(median(s.rps)), cpuUs: median(s.cpu), userUs: median(s.user), cpuRounds: s.cpu },
    ]),
  );
}

/** Part 1: a bare Node server against redis-server. */
async function serverFloor() {
  const redis = await startRedis();
  const floor = await startBenchScript('bench/lib/node-floor-server.ts', []);
  try {
    const targets = [
      { target: 'redis', port: redis.port, pid: redis.pid()! },
      { target: 'node-floor', port: floor.port, pid: floor.child.pid! },
    ];
    if (PIN !== null) for (const t of targets) pinProcess(t.pid, PIN.proxy);
    const figures = await measure(targets, ['ping_inline']);
    const rows = targets.map((t) => {
      const f = figures.get(`${t.target}|ping_inline`)!;
      return { target: t.target, rps: f.rps, serverCpuUs: f.cpuUs, rounds: f.cpuRounds };
    });
    const [r, n] = rows as [(typeof rows)[0], (typeof rows)[0]];
    return {
      rows,
      nodeOverRedisCpu: round(n.serverCpuUs / r.serverCpuUs),
      nodeExtraUsPerRequest: round(n.serverCpuUs - r.serverCpuUs),
    };
  } finally {
    await stopProcess(floor.child);
    await redis.stop();
  }
}

/** Part 2: the bare Node proxy, twemproxy and Switchyard in front of one redis-server. */
async function proxyFloor() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-floor-'));
  const redis = await startRedis();
  const children: ChildProcess[] = [];
  try {
    const floor = await startBenchScript('bench/lib/node-floor-proxy.ts', [String(redis.port)]);
    children.push(floor.child);
    const twem = await startTwemproxy(dir, redis.port);
    children.push(twem.child);
    const sy = await startProxyProcess({ dir, name: 'floor', snapshot: await benchSnapshot(redis.port, SECRET) });
    children.push(sy.child);
    const targets: Target[] = [
      { target: 'node-floor-proxy', port: floor.port, pid: floor.child.pid! },
      { target: 'twemproxy', port: twem.port, pid: twem.child.pid! },
      { target: 'switchyard', port: sy.port, pid: sy.child.pid!, auth: ['--user', 'demo', '-a', SECRET] },
    ];
    if (PIN !== null) {
      pinProcess(redis.pid()!, PIN.rest);
      for (const t of targets) pinProcess(t.pid, PIN.proxy);
    }
    const tests = ['get', 'set'];
    await warmUp(targets, tests, PIN?.rest);
    const figures = await measure(targets, tests);
    const rows = tests.flatMap((test) =>
      targets.map((t) => {
        const f = figures.get(`${t.target}|${test}`)!;
        return {
          target: t.target,
          test: test.toUpperCase(),
          rps: f.rps,
          proxyCpuUs: f.cpuUs,
          proxyUserUs: f.userUs,
          rounds: f.cpuRounds,
        };
      }),
    );
    const cpu = (target: string, test: string): number =>
      rows.find((r) => r.target === target && r.test === test)!.proxyCpuUs;
    const ratios = tests
      .map((t) => t.toUpperCase())
      .map((test) => ({
        test,
        floorOverTwemproxy: round(cpu('node-floor-proxy', test) / cpu('twemproxy', test)),
        switchyardOverTwemproxy: round(cpu('switchyard', test) / cpu('twemproxy', test)),
        switchyardOverFloor: round(cpu('switchyard', test) / cpu('node-floor-proxy', test)),
        switchyardLogicUs: round(cpu('switchyard', test) - cpu('node-floor-proxy', test)),
      }));
    return { rows, ratios };
  } finally {
    for (const c of children) await stopProcess(c);
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const server = await serverFloor();
  const proxy = await proxyFloor();
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    requests: N,
    rounds: ROUNDS,
    pinned: PIN,
    loadAverage: os.loadavg(),
    ...server,
    proxy,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = PIN === null ? 'node-floor.json' : 'node-floor-pinned.json';
  await writeFile(path.join(ROOT, 'bench/results', file), JSON.stringify(result, null, 2) + '\n');
  console.table(server.rows.map(({ rounds, ...row }) => ({ ...row, cpuRounds: rounds.join(' ') })));
  console.log(
    `bare Node server / redis-server CPU per request: ${server.nodeOverRedisCpu} (+${server.nodeExtraUsPerRequest} µs)`,
  );
  console.table(proxy.rows.map(({ rounds, ...row }) => ({ ...row, cpuRounds: rounds.join(' ') })));
  console.table(proxy.ratios);
}

await main();
