/**
 * Meeting-ID generation THROUGH THE PROXY (SY.NEWID) against a direct-to-Redis baseline: one
 * redis-server on 127.0.0.1 holds every demo instance, the proxy runs as its own process
 * (apps/proxy/src/main.ts, 1 worker). Scenarios: direct generateMeetingId with 1 and 8
 * clients; SY.NEWID with 1 client, 8 clients, and 8 clients x 16 in flight (pipelined). Each run is
 * bounded by a count and a time limit; rounds are interleaved and the median is reported,
 * because the box is shared. Every ID is kept to count duplicates (expected 0). Prints JSON,
 * then a table; writes bench/results/idgen-proxy.json. Never asserts time.
 * Run: node --import tsx bench/idgen-proxy-bench.ts [--count 20000] [--seconds 8] [--rounds 3]
 * env BENCH_PROXY_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the proxy.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEMO_INSTANCES, DEMO_LAYOUT, demoSnapshot } from '../packages/core/src/index.ts';
import { benchSnapshot, startProxyProcess } from './lib/proxy-process.ts';
import { generateMeetingId } from '../packages/idgen/src/index.ts';
import { startRedis } from '../packages/stack/src/harness/index.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
  },
});
const COUNT = Math.min(Math.max(Number(values.count) || 20000, 100), 500_000);
const SECONDS = Math.min(Math.max(Number(values.seconds) || 8, 1), 60);
const ROUNDS = Math.min(Math.max(Number(values.rounds) || 3, 1), 9);
const SECRET = 'bench-secret';
const PROXY_NODE_ARGS = (process.env.BENCH_PROXY_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Run {
  ids: number;
  seconds: number;
  idsPerSecond: number;
  p50Us: number;
  p99Us: number;
}
interface Scenario {
  name: string;
  via: 'direct' | 'proxy';
  clients: number;
  inFlight: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'direct generateMeetingId, 1 client', via: 'direct', clients: 1, inFlight: 1 },
  { name: 'direct generateMeetingId, 8 clients', via: 'direct', clients: 8, inFlight: 1 },
  { name: 'proxy SY.NEWID, 1 client', via: 'proxy', clients: 1, inFlight: 1 },
  { name: 'proxy SY.NEWID, 8 clients', via: 'proxy', clients: 8, inFlight: 1 },
  { name: 'proxy SY.NEWID, 8 clients x 16 in flight', via: 'proxy', clients: 8, inFlight: 16 },
];

const allIds = new Set<string>();
let duplicates = 0;
const keep = (id: string): void => {
  if (allIds.has(id)) duplicates++;
  else allIds.add(id);
};

async function startIdgenProxy(dir: string, redisPort: number): Promise<{ port: number; child: ChildProcess }> {
  const snapshot = await benchSnapshot(redisPort, SECRET);
  return startProxyProcess({
    dir,
    name: 'idgen-bench',
    snapshot,
    nodeArgs: PROXY_NODE_ARGS,
    env: { SWITCHYARD_REGION: 'gz', LKG_PATH: path.join(dir, 'lkg.json') },
  });
}

async function measure(conns: Redis[], inFlight: number, op: (c: Redis) => Promise<string>): Promise<Run> {
  const deadline = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let issued = 0;
  const worker = async (c: Redis): Promise<void> => {
    while (issued < COUNT && Date.now() < deadline) {
      issued++;
      const t0 = process.hrtime.bigint();
      keep(await op(c));
      latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(conns.flatMap((c) => Array.from({ length: inFlight }, () => worker(c))));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    ids: latencies.length,
    seconds: Math.round(seconds * 1000) / 1000,
    idsPerSecond: Math.round(latencies.length / seconds),
    p50Us: at(0.5),
    p99Us: at(0.99),
  };
}

const rules = demoSnapshot(
  { host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, 1])) },
  'x',
).encodingRules;
const direct = async (c: Redis): Promise<string> =>
  (await generateMeetingId(c, { layout: DEMO_LAYOUT, rules, region: 'gz', identity: 'personal', grouped: false })).id;
const viaProxy = async (c: Redis): Promise<string> => ((await c.call('SY.NEWID', 'personal')) as string[])[1]!;

const median = (runs: Run[]): Run =>
  [...runs].sort((a, b) => a.idsPerSecond - b.idsPerSecond)[Math.floor(runs.length / 2)]!;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-idgen-proxy-bench-'));
  const redis = await startRedis();
  const proxy = await startIdgenProxy(dir, redis.port);
  const directConns = Array.from({ length: 8 }, () => new Redis({ port: redis.port }));
  const proxyConns = Array.from(
    { length: 8 },
    () => new Redis({ port: proxy.port, username: 'demo', password: SECRET }),
  );
  const runs = new Map<string, Run[]>(SCENARIOS.map((s) => [s.name, []]));
  try {
    await direct(directConns[0]!); // loads the script once, so EVAL is not measured
    await Promise.all(proxyConns.map(viaProxy));
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of SCENARIOS) {
        const conns = (s.via === 'direct' ? directConns : proxyConns).slice(0, s.clients);
        runs.get(s.name)!.push(await measure(conns, s.inFlight, s.via === 'direct' ? direct : viaProxy));
      }
    }
    const results = SCENARIOS.map((s) => ({
      scenario: s.name,
      via: s.via,
      clients: s.clients,
      inFlight: s.clients * s.inFlight,
      ...median(runs.get(s.name)!),
      rounds: runs.get(s.name)!.map((r) => r.idsPerSecond),
    }));
    // Each row against the direct run with as many clients (the proxy adds a hop, not clients).
    const base = (clients: number): number =>
      results.find((r) => r.via === 'direct' && r.clients === clients)!.idsPerSecond;
    const report = {
      bench: 'idgen-proxy',
      target: 'proxy (1 process, region gz) -> one redis-server 127.0.0.1; baseline direct',
      node: process.version,
      count: COUNT,
      seconds: SECONDS,
      rounds: ROUNDS,
      layout: DEMO_LAYOUT,
      results,
      idsGenerated: allIds.size + duplicates,
      duplicates,
      keysOnBackend: await directConns[0]!.dbsize(),
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify(report, null, 2));
    await writeFile(new URL('./results/idgen-proxy.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      '\nscenario (median of rounds)                   ids    IDs/s  vs direct    p50 µs    p99 µs   (vs direct = same client count)',
    );
    for (const r of results) {
      console.log(
        `${r.scenario.padEnd(44)}${String(r.ids).padStart(7)}${String(r.idsPerSecond).padStart(9)}${(r.idsPerSecond / base(r.clients)).toFixed(2).padStart(11)}${String(r.p50Us).padStart(10)}${String(r.p99Us).padStart(10)}`,
      );
    }
    console.log(`duplicates: ${duplicates} of ${allIds.size + duplicates}`);
  } finally {
    for (const c of [...directConns, ...proxyConns]) c.disconnect();
    proxy.child.kill('SIGTERM');
    await new Promise((r) => proxy.child.once('exit', r));
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
