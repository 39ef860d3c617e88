/**
 * Node's floor at -P 1: the CPU a bare Node RESP server (bench/lib/node-floor-server.ts: one
 * read, one write per request, no logic) spends per request, against redis-server answering
 * the same PING_INLINE in the same run. Issue 20 asks the proxy for twemproxy's CPU per request
 * at -P 1; this shows how much of that gap is the runtime's socket path, before any of the
 * proxy's own work. redis-benchmark -c 50 -P 1, targets interleaved per round, medians.
 * Prints a table and writes bench/results/node-floor.json. Never asserts on time.
 *
 *   node --import tsx bench/node-floor-bench.ts      env: BENCH_N, BENCH_ROUNDS
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort, startRedis } from '@switchyard/stack/harness';
import { ROOT, stopProcess } from './lib/proxy-process.ts';
import { runRedisBenchmark } from './lib/redis-benchmark.ts';

const N = Number(process.env.BENCH_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startFloorServer() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench/lib/node-floor-server.ts'), String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node-floor-server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', () => resolve());
  });
  return { port, child };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const floor = await startFloorServer();
  const targets = [
    { target: 'redis', port: redis.port, pid: redis.pid()! },
    { target: 'node-floor', port: floor.port, pid: floor.child.pid! },
  ];
  const samples = new Map(targets.map((t) => [t.target, { rps: [] as number[], cpu: [] as number[] }]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const [row] = await runRedisBenchmark({
          port: t.port,
          clients: 50,
          requests: N,
          pipeline: 1,
          tests: ['ping_inline'],
          watch: { server: t.pid },
        });
        samples.get(t.target)!.rps.push(row!.rps);
        samples.get(t.target)!.cpu.push(row!.cpuUsPerRequest!.server!);
      }
    }
  } finally {
    await stopProcess(floor.child);
    await redis.stop();
  }
  const rows = targets.map((t) => {
    const s = samples.get(t.target)!;
    return { target: t.target, rps: Math.round(median(s.rps)), serverCpuUs: median(s.cpu), rounds: s.cpu };
  });
  const [r, n] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    requests: N,
    rounds: ROUNDS,
    loadAverage: os.loadavg(),
    rows,
    nodeOverRedisCpu: Math.round((n.serverCpuUs / r.serverCpuUs) * 100) / 100,
    nodeExtraUsPerRequest: Math.round((n.serverCpuUs - r.serverCpuUs) * 100) / 100,
  };
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/node-floor.json'), JSON.stringify(result, null, 2) + '\n');
  console.table(rows.map(({ rounds, ...row }) => ({ ...row, cpuRounds: rounds.join(' ') })));
  console.log(
    `bare Node server / redis-server CPU per request: ${result.nodeOverRedisCpu} (+${result.nodeExtraUsPerRequest} µs)`,
  );
}

await main();
