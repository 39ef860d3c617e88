/**
 * Write-log mirror sync benchmark (docs/MIRROR-MODES.md). Three redis-servers (home, mirror,
 * control with AOF everysec as in the demo), a proxy process whose `bench` key type routes to
 * code 6 (a write-log mirror), and the redo worker in its own process (the loop the migrator
 * runs). Measures, and never asserts:
 *  1. sync under a paced write load (BENCH_WL_RATE writes/s for BENCH_WL_SECONDS): lag
 *     p50/p99 as seen by probes (a write through the proxy until it is readable on the
 *     mirror) and as the lag metric (age of the oldest unapplied entry, sampled), redo keys/s;
 *  2. drain throughput: the redo stopped, BENCH_WL_BACKLOG writes logged, then restarted;
 *  3. hot-path cost: redis-benchmark SET through the proxy with the mirror in write-log mode
 *     and in replicaof mode (no XADD).
 * Writes bench/results/write-log.json.
 *
 *   node --import tsx bench/write-log-bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_INSTANCES, demoSnapshot, writeLogStream, type TConfigSnapshotInput } from '@switchyard/core';
import { writeLogLag, writeLogStatus } from '@switchyard/migration';
import { hashSecret } from '@switchyard/proxy';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { ROOT, startProxyProcess, stopProcess } from './lib/proxy-process.ts';
import { runRedisBenchmark, type BenchRow } from './lib/redis-benchmark.ts';

const RATE = Number(process.env.BENCH_WL_RATE ?? 10_000);
const SECONDS = Number(process.env.BENCH_WL_SECONDS ?? 15);
const BACKLOG = Number(process.env.BENCH_WL_BACKLOG ?? 100_000);
const KEYS = Number(process.env.BENCH_WL_KEYS ?? 100_000);
const SECRET = 'bench-secret';
/** A shared 2-core box makes backends "slow" under load; the breaker would turn that into errors, not lag. */
const PROXY_ENV = { BREAKER_SLOW_MS: '60000', BREAKER_CONSECUTIVE_FAILURES: '1000000' };
const REDO_CHILD = path.join(ROOT, 'packages/migration/src/test-support/redo-child.ts');

async function snapshotFor(
  r: Record<'home' | 'mirror' | 'control', RedisProcess>,
  mode: 'write-log' | 'replicaof',
): Promise<TConfigSnapshotInput> {
  const ports = Object.fromEntries(
    DEMO_INSTANCES.map((i) => [
      i.name,
      i.name === 'sh-enterprise-gz' ? r.mirror.port : i.name === 'control' ? r.control.port : r.home.port,
    ]),
  );
  const s = demoSnapshot({ host: '127.0.0.1', ports }, await hashSecret(SECRET));
  // redis-benchmark's keys (`key:…`) become code 6's keys.
  s.keyTypes = s.keyTypes.map((k) =>
    k.name === 'bench' ? { ...k, dimension: { kind: 'fixed' as const, code: 6 } } : k,
  );
  s.codes = s.codes.map((c) =>
    c.code === 6 ? { ...c, mirrorModes: mode === 'write-log' ? { gz: 'write-log' as const } : {} } : c,
  );
  return s;
}

function startRedo(r: Record<'home' | 'mirror' | 'control', RedisProcess>, consumer: string): Promise<ChildProcess> {
  const arg = JSON.stringify({
    control: r.control.port,
    home: r.home.port,
    mirrors: [r.mirror.port],
    code: 6,
    consumer,
    claimIdleMs: 1000,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', REDO_CHILD, arg], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`redo exited ${c}`)));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
  });
}

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Paced SETs through the proxy, plus one probe every 50 ms timed until it is on the mirror. */
async function pacedLoad(port: number, mirror: Redis, control: Redis): Promise<Record<string, number>> {
  const clients = Array.from(
    { length: 8 },
    () => new Redis({ port, username: 'demo', password: SECRET, enableAutoPipelining: true }),
  );
  const errors = new Map<string, number>();
  const failed = (e: unknown): void => {
    const m = e instanceof Error ? e.message.slice(0, 80) : String(e);
    errors.set(m, (errors.get(m) ?? 0) + 1);
  };
  for (const c of clients) c.on('error', failed);
  const probeLagMs: number[] = [];
  const metricLagMs: number[] = [];
  const start = Date.now();
  let sent = 0;
  let acked = 0;
  let probeN = 0;
  let skipped = 0;
  const failures = (): number => [...errors.values()].reduce((a, b) => a + b, 0);
  const inflight: Promise<unknown>[] = [];
  const probes: Promise<void>[] = [];
  const sampler = setInterval(
    () => void writeLogLag(control, 6).then((l) => metricLagMs.push(l.seconds * 1000), failed),
    100,
  );
  while (Date.now() - start < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * RATE);
    // At most 2,000 writes outstanding: a box that cannot keep the rate shows it as achievedRate.
    for (; sent < due && sent - skipped - acked - failures() < 2_000; sent++)
      inflight.push(clients[sent % clients.length]!.set(`key:${sent % KEYS}`, `v${sent}`).then(() => acked++, failed));
    if (sent < due) {
      skipped += due - sent;
      sent = due;
    }
    if (probes.length < (Date.now() - start) / 50) {
      const k = `key:probe:${probeN++}`;
      probes.push(
        clients[0]!.set(k, '1').then(async () => {
          const t0 = performance.now();
          while (!(await mirror.exists(k))) await sleep(2);
          probeLagMs.push(performance.now() - t0);
        }, failed),
      );
    }
    if (inflight.length > 50_000) await Promise.all(inflight.splice(0, 40_000));
    await sleep(5);
  }
  await Promise.all(inflight);
  const elapsed = (Date.now() - start) / 1000;
  await Promise.all(probes);
  clearInterval(sampler);
  for (const c of clients) c.disconnect();
  if (errors.size > 0) console.error('load errors', Object.fromEntries(errors));
  return {
    targetRate: RATE,
    achievedRate: Math.round(acked / elapsed),
    writes: acked,
    skippedWrites: skipped,
    probes: probeLagMs.length,
    probeLagP50Ms: pct(probeLagMs, 50),
    probeLagP99Ms: pct(probeLagMs, 99),
    probeLagMaxMs: pct(probeLagMs, 100),
    metricLagP50Ms: pct(metricLagMs, 50),
    metricLagP99Ms: pct(metricLagMs, 99),
    errors: failures(),
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-wl-bench-'));
  const [home, mirror, control] = await Promise.all([
    startRedis(),
    startRedis(),
    startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'everysec'] }),
  ]);
  const r = { home, mirror, control };
  const ctl = new Redis({ port: control.port });
  const mir = new Redis({ port: mirror.port });
  const proxy = await startProxyProcess({
    dir,
    name: 'wl',
    snapshot: await snapshotFor(r, 'write-log'),
    env: PROXY_ENV,
  });
  let redo = await startRedo(r, 'bench-a');
  const result: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
  };
  try {
    const before = await writeLogStatus(ctl, 6);
    const t0 = Date.now();
    const sync = await pacedLoad(proxy.port, mir, ctl);
    const after = await writeLogStatus(ctl, 6);
    result.sync = {
      ...sync,
      redoKeysPerSecond: Math.round((after.redoneKeys - before.redoneKeys) / ((Date.now() - t0) / 1000)),
      redoEntries: after.redoneEntries - before.redoneEntries,
    };
    console.table([result.sync]);

    // Drain: a backlog logged while the redo is down, then timed to zero lag.
    await stopProcess(redo);
    await runRedisBenchmark({
      port: proxy.port,
      clients: 50,
      requests: BACKLOG,
      pipeline: 16,
      tests: ['set'],
      extraArgs: ['--user', 'demo', '-a', SECRET, '-r', String(KEYS)],
    });
    const backlog = (await writeLogLag(ctl, 6)).entries;
    const d0 = performance.now();
    redo = await startRedo(r, 'bench-b');
    while ((await writeLogLag(ctl, 6)).entries > 0) await sleep(20);
    const drainS = (performance.now() - d0) / 1000;
    // One entry carries the keys of the writes acknowledged in one proxy loop turn: count writes.
    result.drain = {
      backlogWrites: BACKLOG,
      backlogEntries: backlog,
      seconds: Math.round(drainS * 100) / 100,
      writesPerSecond: Math.round(BACKLOG / drainS),
    };
    console.table([result.drain]);
    await stopProcess(redo);
    await stopProcess(proxy.child);

    // Hot-path cost: the same SET load with and without the XADD.
    const rows: BenchRow[] = [];
    for (const mode of ['replicaof', 'write-log'] as const) {
      const p = await startProxyProcess({
        dir,
        name: `wl-${mode}`,
        snapshot: await snapshotFor(r, mode),
        env: PROXY_ENV,
      });
      const auth = ['--user', 'demo', '-a', SECRET, '-r', String(KEYS)];
      await runRedisBenchmark({
        port: p.port,
        clients: 50,
        requests: 20_000,
        pipeline: 1,
        tests: ['set'],
        extraArgs: auth,
      });
      for (const pipeline of [1, 16]) {
        for (const row of await runRedisBenchmark({
          port: p.port,
          clients: 50,
          requests: pipeline === 1 ? 50_000 : 200_000,
          pipeline,
          tests: ['set'],
          extraArgs: auth,
          watch: { proxy: p.child.pid!, control: control.pid()! },
        }))
          rows.push({ ...row, target: mode });
      }
      await stopProcess(p.child);
      await ctl.del(writeLogStream(6));
    }
    result.hotPath = rows;
    console.table(
      rows.map((x) => ({
        mode: x.target,
        P: x.pipeline,
        rps: Math.round(x.rps),
        p50_ms: x.p50,
        p99_ms: x.p99,
        proxy_us: x.cpuUsPerRequest?.proxy,
        control_us: x.cpuUsPerRequest?.control,
      })),
    );
  } finally {
    if (redo.exitCode === null) redo.kill('SIGKILL');
    ctl.disconnect();
    mir.disconnect();
    await Promise.all([home.stop(), mirror.stop(), control.stop()]);
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench/results/write-log.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
