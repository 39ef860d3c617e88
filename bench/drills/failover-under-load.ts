/**
 * Drill: failover under load. Clients write and read codes 1 and 2 through two gz proxy
 * processes; the gz homes have real sh mirrors (redis --replicaof). While traffic runs, an
 * operator calls failover.set gz→sh. Figures: failed requests (goal 0), time from the call
 * until the last proxy applied the new version, and how many keys written before the flip
 * read back after it (replication lag may lose a few; reported, not asserted).
 * Run: node --import tsx bench/drills/failover-under-load.ts [--clients 4]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { meetingId } from '../../apps/proxy/test/fixture.ts';
import {
  startApiServer,
  startTestApi,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '../../packages/api/src/testing/index.ts';
import { Expectations, intFlag, isMain, percentile, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import {
  healthVersion,
  proxyClient,
  publishDemoSecret,
  spawnProxy,
  waitVersion,
  type ProxyProcess,
} from './drill-topology.ts';

export interface FailoverUnderLoadOptions {
  clients: number;
  proxies: number;
  /** Traffic before the failover call. */
  warmupMs: number;
  /** Traffic after every proxy applied the new version. */
  afterMs: number;
}
const DEFAULTS: FailoverUnderLoadOptions = { clients: 4, proxies: 2, warmupMs: 1500, afterMs: 1500 };
type Phase = 'before-call' | 'during-call' | 'after-applied';

interface Traffic {
  running: boolean;
  flipped: boolean;
  phase: Phase;
  written: Map<string, string>;
  failures: { phase: Phase; message: string }[];
  ok: number;
  latencies: number[];
}

async function drive(t: Traffic, client: Redis, seed: number): Promise<void> {
  for (let i = 0; t.running && i < 5_000_000; i++) {
    const code = i % 2 === 0 ? 1 : 2;
    const key = meetingId(code, BigInt(seed * 1_000_000 + i));
    const value = `w${seed}-${i}`;
    const started = performance.now();
    try {
      await client.set(key, value);
      if (!t.flipped) t.written.set(key, value);
      await client.get(key);
      t.ok += 2;
      t.latencies.push(performance.now() - started);
    } catch (err) {
      t.failures.push({ phase: t.phase, message: (err as Error).message });
    }
  }
}

/** Reads every pre-flip key through the proxy, which now routes codes 1 and 2 to the promoted mirrors. */
async function countReadable(reader: Redis, written: Map<string, string>): Promise<number> {
  let readable = 0;
  const keys = [...written.entries()];
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const values = await reader.mget(...batch.map(([k]) => k));
    batch.forEach(([, v], j) => (values[j] === v ? readable++ : undefined));
  }
  return readable;
}

interface Topology {
  tmp: string;
  redis: RedisProcess[];
  api?: TestApi;
  server?: ApiServer;
  proxies: ProxyProcess[];
  clients: Redis[];
  loops: Promise<void>[];
}

async function teardown(top: Topology, t: Traffic): Promise<void> {
  t.running = false;
  await Promise.allSettled(top.loops);
  for (const c of top.clients) c.disconnect();
  await Promise.allSettled(top.proxies.map((p) => p.stop()));
  await top.server?.close().catch(() => undefined);
  await top.api?.stop().catch(() => undefined);
  await Promise.allSettled(top.redis.map((r) => r.stop()));
  await rm(top.tmp, { recursive: true, force: true });
}

export async function runFailoverUnderLoad(
  options: Partial<FailoverUnderLoadOptions> = {},
): Promise<DrillResult & { figures: FailoverFigures }> {
  const o = { ...DEFAULTS, ...options };
  const t: Traffic = {
    running: true,
    flipped: false,
    phase: 'before-call',
    written: new Map(),
    failures: [],
    ok: 0,
    latencies: [],
  };
  const top: Topology = {
    tmp: await mkdtemp(path.join(os.tmpdir(), 'sy-drill-failover-')),
    redis: [],
    proxies: [],
    clients: [],
    loops: [],
  };
  try {
    return await drill(o, t, top);
  } finally {
    await teardown(top, t);
  }
}

async function startRedises(top: Topology): Promise<Record<string, number>> {
  const start = async (replicaOf?: RedisProcess): Promise<RedisProcess> => {
    const r = await startRedis(replicaOf ? { replicaOf: { host: '127.0.0.1', port: replicaOf.port } } : {});
    top.redis.push(r);
    return r;
  };
  const personal = await start();
  const enterprise = await start();
  const ports = { 'gz-personal': personal.port, 'gz-enterprise': enterprise.port };
  return {
    ...ports,
    'gz-personal-sh': (await start(personal)).port,
    'gz-enterprise-sh': (await start(enterprise)).port,
  };
}

async function drill(
  o: FailoverUnderLoadOptions,
  t: Traffic,
  top: Topology,
): Promise<DrillResult & { figures: FailoverFigures }> {
  const expectations = new Expectations();
  const api = (top.api = await startTestApi({
    ports: await startRedises(top),
    options: { redisTimeoutMs: 500, resyncTimeoutMs: 3000 },
  }));
  const server = (top.server = await startApiServer(api.deps));
  const { secret, version: v2 } = await publishDemoSecret(api.as('admin'), 1);
  for (let i = 0; i < o.proxies; i++) {
    top.proxies.push(
      await spawnProxy({
        name: `gz-${i + 1}`,
        port: await freePort(),
        metricsPort: await freePort(),
        consoleUrl: server.url,
        workerToken: WORKER_TOKEN,
        lkgPath: path.join(top.tmp, `lkg-${i}.json`),
      }),
    );
  }
  const metrics = top.proxies.map((p) => p.metricsPort);
  expectations.check((await waitVersion(metrics, v2, 20_000)) !== null, `proxies never applied v${v2}`);
  for (let c = 0; c < o.clients; c++) top.clients.push(proxyClient(top.proxies[c % top.proxies.length]!.port, secret));
  top.loops = top.clients.map((c, i) => drive(t, c, i + 1));
  await sleep(o.warmupMs);

  const callStarted = performance.now();
  t.phase = 'during-call';
  const result = await api.as('operator').failover.set({
    from: 'gz',
    to: 'sh',
    reason: 'drill: failover under load',
    confirmRegion: 'gz',
    overrideInterlocks: { reason: 'drill: other demo instances are absent' },
  });
  const callMs = performance.now() - callStarted;
  const appliedMs = await waitVersion(metrics, result.version, 30_000);
  const appliedTotalMs = appliedMs === null ? null : performance.now() - callStarted;
  t.flipped = true;
  t.phase = 'after-applied';
  await sleep(o.afterMs);
  t.running = false;
  await Promise.all(top.loops);

  const readable = await countReadable(top.clients[0]!, t.written);
  const versions = await Promise.all(metrics.map((m) => healthVersion(m)));
  expectations.check(appliedMs !== null, `not every proxy applied v${result.version} within 30 s`);
  expectations.check(
    versions.every((v) => v >= result.version),
    `proxies report versions ${versions.join(', ')}`,
  );
  const written = t.written.size;
  const figures = {
    proxies: top.proxies.length,
    clients: o.clients,
    requestsOk: t.ok,
    failedRequests: t.failures.length,
    failedByPhase: Object.fromEntries(
      ['before-call', 'during-call', 'after-applied'].map((p) => [p, t.failures.filter((f) => f.phase === p).length]),
    ),
    failureSamples: [...new Set(t.failures.map((f) => `${f.phase}: ${f.message}`))].slice(0, 5),
    setGetPairMs: { p50: round(percentile(t.latencies, 50), 3), p99: round(percentile(t.latencies, 99), 3) },
    failoverCallMs: round(callMs, 1),
    failoverVersion: result.version,
    proxyVersions: versions,
    steps: result.steps,
    callToLastWorkerAppliedMs: round(appliedTotalMs, 1),
    keysWrittenBeforeFlip: written,
    keysReadableAfterFlip: readable,
    keysReadablePercent: written === 0 ? null : round((100 * readable) / written, 3),
  };
  const table = [
    `requests ok / failed                  ${t.ok} / ${t.failures.length} (goal 0 failed)`,
    `failover.set call                     ${figures.failoverCallMs} ms → v${result.version}`,
    `call → last proxy applied             ${figures.callToLastWorkerAppliedMs} ms`,
    `pre-flip keys readable after the flip ${readable} / ${written} (${figures.keysReadablePercent} %)`,
  ];
  return { figures, table, failed: expectations.failed };
}

export interface FailoverFigures extends Record<string, unknown> {
  requestsOk: number;
  failedRequests: number;
  failureSamples: string[];
  failoverVersion: number;
  proxyVersions: number[];
  keysWrittenBeforeFlip: number;
  keysReadableAfterFlip: number;
}

if (isMain(import.meta.url))
  await runAsCli('failover-under-load', () => runFailoverUnderLoad({ clients: intFlag('clients', DEFAULTS.clients) }));
