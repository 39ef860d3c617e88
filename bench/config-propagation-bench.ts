/**
 * Config propagation: the time from a publish until all of 8 proxy workers have applied it
 * (target: p99 ≤ 200 ms, issue 20). Real pieces: the API's HTTP handlers (the
 * ones the Next route handlers call) over embedded Postgres, and 8 proxy processes
 * long-polling it. Each round publishes one degradation change and polls every worker's
 * /healthz until it reports the new version. Prints JSON, then a table; never asserts time.
 * Run: node --import tsx bench/config-propagation-bench.ts [--workers 8] [--rounds 40]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer, startTestApi, WORKER_TOKEN } from '../packages/api/src/testing/index.ts';
import { freePort } from '../packages/stack/src/harness/free-port.ts';
import { percentile } from './drills/drill-lib.ts';
import { healthVersion } from './drills/drill-topology.ts';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '8' }, rounds: { type: 'string', default: '40' } } });
const WORKERS = Math.min(Math.max(Number(values.workers), 1), 16);
const ROUNDS = Math.min(Math.max(Number(values.rounds), 3), 500);
const root = path.resolve(import.meta.dirname, '..');

/**
 * Ms (from `since`) at which each worker's /healthz first reported at least `version`, in
 * port order. Each worker is polled on its own, so one slow answer does not delay the rest.
 */
async function waitEach(ports: number[], version: number, since: number, timeoutMs: number): Promise<number[]> {
  return Promise.all(ports.map(async (port) => {
    while ((await healthVersion(port)) < version) {
      if (performance.now() - since > timeoutMs) throw new Error(`worker on :${port} did not apply v${version} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return performance.now() - since;
  }));
}

const waitAll = async (ports: number[], version: number, timeoutMs: number): Promise<number> =>
  Math.max(...(await waitEach(ports, version, performance.now(), timeoutMs)));
const pct = (values: number[], p: number): number => percentile([...values].sort((a, b) => a - b), p)!;

const api = await startTestApi();
const server = await startApiServer(api.deps);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-propagation-'));
const children: ChildProcess[] = [];
const metricsPorts: number[] = [];
try {
  for (let i = 0; i < WORKERS; i++) {
    const metricsPort = await freePort();
    metricsPorts.push(metricsPort);
    children.push(
      spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/proxy/src/main.ts')], {
        cwd: root,
        stdio: 'ignore',
        env: {
          ...process.env,
          SWITCHYARD_WORKER_NAME: `bench-${i + 1}`,
          SWITCHYARD_REGION: i % 2 === 0 ? 'gz' : 'sh',
          PROXY_PORT: '0',
          METRICS_PORT: String(metricsPort),
          CONSOLE_URL: server.url,
          WORKER_TOKEN,
          LKG_PATH: path.join(tmp, `bench-${i + 1}.json`),
        },
      }),
    );
  }
  await waitAll(metricsPorts, 1, 60_000);

  const operator = api.as('operator');
  const samples: number[] = [];
  // Where the time goes: the publish call itself, then the first and the last worker to apply.
  const parts = { publish: [] as number[], firstApplied: [] as number[], lastApplied: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    const started = performance.now();
    const published = await operator.degradation.setKey({ key: 'stable_2147495993', ratio: (round % 10) / 100 + 0.01, reason: `propagation bench round ${round}` });
    parts.publish.push(performance.now() - started);
    const applied = await waitEach(metricsPorts, published.version, started, 10_000);
    parts.firstApplied.push(Math.min(...applied));
    parts.lastApplied.push(Math.max(...applied));
    samples.push(Math.max(...applied));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = {
    bench: 'config-propagation',
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0]!.toFixed(1)}`,
    workers: WORKERS,
    rounds: ROUNDS,
    ms: { p50: percentile(sorted, 50)!, p99: percentile(sorted, 99)!, max: sorted[sorted.length - 1]!, min: sorted[0]! },
    targetP99Ms: 200,
    breakdownMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, { p50: pct(v, 50), p99: pct(v, 99) }])),
  };
  console.log(JSON.stringify(result));
  console.log(`\npublish → all ${WORKERS} workers applied, ${ROUNDS} rounds`);
  console.log(`  p50 ${result.ms.p50.toFixed(1)} ms   p99 ${result.ms.p99.toFixed(1)} ms   max ${result.ms.max.toFixed(1)} ms   (target p99 ≤ 200 ms)`);
  for (const [k, v] of Object.entries(result.breakdownMs)) console.log(`  ${k.padEnd(13)} p50 ${v.p50.toFixed(1)} ms   p99 ${v.p99.toFixed(1)} ms`);
  await mkdir(path.join(root, 'bench/results'), { recursive: true });
  await writeFile(path.join(root, 'bench/results/config-propagation.json'), JSON.stringify(result, null, 2) + '\n');
} finally {
  for (const child of children) child.kill('SIGTERM');
  await server.close();
  await api.stop();
  await rm(tmp, { recursive: true, force: true });
}
