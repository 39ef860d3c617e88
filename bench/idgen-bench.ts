/**
 * Meeting-ID generation throughput against a direct redis-server (127.0.0.1): one client,
 * eight clients at once, and one connection with eight generations in flight. Each run is
 * bounded by a count and a time limit. Prints JSON, then a table; writes
 * bench/results/idgen.json. Never asserts time. Through the proxy (SY.NEWID): idgen-proxy-bench.ts.
 * Run: node --import tsx bench/idgen-bench.ts [--count 20000] [--seconds 10]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DEMO_LAYOUT, demoSnapshot, DEMO_INSTANCES, parseSnapshot } from '../packages/core/src/index.ts';
import { generateMeetingId } from '../packages/idgen/src/index.ts';
import { startRedis } from '../packages/stack/src/harness/index.ts';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '10' } },
});
const COUNT = Math.min(Math.max(Number(values.count) || 20000, 100), 1_000_000);
const SECONDS = Math.min(Math.max(Number(values.seconds) || 10, 1), 120);

const parsed = parseSnapshot(
  demoSnapshot(
    { host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, 1])) },
    'scrypt$bench',
  ),
);
if (!parsed.ok) throw new Error('demo snapshot invalid');
const rules = parsed.snapshot.encodingRules;

interface Result {
  scenario: string;
  connections: number;
  inFlight: number;
  ids: number;
  seconds: number;
  idsPerSecond: number;
  p50Us: number;
  p99Us: number;
  retries: number;
}

async function scenario(
  name: string,
  conns: Redis[],
  perConn: number,
  op: (c: Redis) => Promise<number>,
): Promise<Result> {
  const deadline = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let retries = 0;
  let issued = 0;
  const worker = async (c: Redis): Promise<void> => {
    while (issued < COUNT && Date.now() < deadline) {
      issued++;
      const t0 = process.hrtime.bigint();
      retries += await op(c);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(conns.flatMap((c) => Array.from({ length: perConn }, () => worker(c))));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return {
    scenario: name,
    connections: conns.length,
    inFlight: conns.length * perConn,
    ids: latencies.length,
    seconds: Math.round(seconds * 1000) / 1000,
    idsPerSecond: Math.round(latencies.length / seconds),
    p50Us: at(0.5),
    p99Us: at(0.99),
    retries,
  };
}

const generate = async (c: Redis): Promise<number> =>
  (await generateMeetingId(c, { layout: DEMO_LAYOUT, rules, region: 'gz', identity: 'personal', grouped: false }))
    .attempts - 1;
let n = 0;
const setNx = async (c: Redis): Promise<number> => ((await c.set(`baseline:${n++}`, 'x', 'NX')) === 'OK' ? 0 : 1);

const redis = await startRedis();
const conns = Array.from({ length: 8 }, () => new Redis({ host: redis.host, port: redis.port }));
try {
  await Promise.all(conns.map((c) => c.ping()));
  await generate(conns[0]!); // loads the script once, so EVAL is not measured
  const results = [
    await scenario('baseline SET NX, 1 client', conns.slice(0, 1), 1, setNx),
    await scenario('generate, 1 client', conns.slice(0, 1), 1, generate),
    await scenario('generate, 8 clients', conns, 1, generate),
    await scenario('generate, 1 connection x 8 in flight', conns.slice(0, 1), 8, generate),
  ];
  const keys = await conns[0]!.dbsize();
  const report = {
    bench: 'idgen',
    target: 'direct redis-server 127.0.0.1',
    node: process.version,
    count: COUNT,
    seconds: SECONDS,
    layout: DEMO_LAYOUT,
    results,
    keysCreated: keys,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(report, null, 2));
  await writeFile(new URL('./results/idgen.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nscenario                                    ids     IDs/s   p50 µs   p99 µs  retries');
  for (const r of results) {
    console.log(
      `${r.scenario.padEnd(40)}${String(r.ids).padStart(7)}${String(r.idsPerSecond).padStart(10)}${String(r.p50Us).padStart(9)}${String(r.p99Us).padStart(9)}${String(r.retries).padStart(9)}`,
    );
  }
} finally {
  for (const c of conns) c.disconnect();
  await redis.stop();
}
