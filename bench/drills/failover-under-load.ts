/**
 * Drill: failover under load. Clients write and read codes 1 and 2 through two gz proxy
 * processes; the gz homes have real sh mirrors (redis --replicaof). While traffic runs, an
 * operator calls failover.set gz→sh. Figures: failed requests (goal 0), time from the call
 * until the last proxy applied the new version, and how many keys written before the flip
 * read back after it (replication lag may lose a few; reported, not asserted).
 * Run: node --import tsx bench/drills/failover-under-load.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { meetingId } from '../../apps/proxy/test/fixture.ts';
import { startApiServer, startTestApi, WORKER_TOKEN } from '../../packages/api/src/testing/index.ts';
import { Expectations, percentile, report, round, sleep } from './drill-lib.ts';
import { healthVersion, proxyClient, publishDemoSecret, spawnProxy, waitVersion, type ProxyProcess } from './drill-topology.ts';

const CLIENTS = 4;
const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-failover-'));
const redis: Record<string, RedisProcess> = {};
redis['gz-personal'] = await startRedis();
redis['gz-enterprise'] = await startRedis();
redis['gz-personal-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-personal'].port } });
redis['gz-enterprise-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-enterprise'].port } });
const api = await startTestApi({ ports: Object.fromEntries(Object.entries(redis).map(([n, r]) => [n, r.port])), options: { redisTimeoutMs: 500, resyncTimeoutMs: 3000 } });
const server = await startApiServer(api.deps);
const { secret, version: v2 } = await publishDemoSecret(api.as('admin'), 1);

const proxies: ProxyProcess[] = [];
const clients: Redis[] = [];
let running = true;
let flipped = false;
let phase: 'before-call' | 'during-call' | 'after-applied' = 'before-call';
const written = new Map<string, string>();
const failures: { phase: string; message: string }[] = [];
let ok = 0;
const latencies: number[] = [];

async function drive(client: Redis, seed: number): Promise<void> {
  for (let i = 0; running && i < 5_000_000; i++) {
    const code = i % 2 === 0 ? 1 : 2;
    const key = meetingId(code, BigInt(seed * 1_000_000 + i));
    const value = `w${seed}-${i}`;
    const started = performance.now();
    try {
      await client.set(key, value);
      if (!flipped) written.set(key, value);
      await client.get(key);
      ok += 2;
      latencies.push(performance.now() - started);
    } catch (err) {
      failures.push({ phase, message: (err as Error).message });
    }
  }
}

const expectations = new Expectations();
let loops: Promise<void>[] = [];
try {
  for (let i = 0; i < 2; i++) {
    proxies.push(await spawnProxy({ name: `gz-${i + 1}`, port: await freePort(), metricsPort: await freePort(), consoleUrl: server.url, workerToken: WORKER_TOKEN, lkgPath: path.join(tmp, `lkg-${i}.json`) }));
  }
  const metrics = proxies.map((p) => p.metricsPort);
  expectations.check((await waitVersion(metrics, v2, 20_000)) !== null, `proxies never applied v${v2}`);
  for (let c = 0; c < CLIENTS; c++) clients.push(proxyClient(proxies[c % proxies.length]!.port, secret));
  loops = clients.map((c, i) => drive(c, i + 1));
  await sleep(1500);

  const callStarted = performance.now();
  phase = 'during-call';
  const result = await api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'drill: failover under load', confirmRegion: 'gz', overrideInterlocks: { reason: 'drill: other demo instances are absent' } });
  const callMs = performance.now() - callStarted;
  const appliedMs = await waitVersion(metrics, result.version, 30_000);
  const appliedTotalMs = appliedMs === null ? null : performance.now() - callStarted;
  flipped = true;
  phase = 'after-applied';
  await sleep(1500);
  running = false;
  await Promise.all(loops);

  // Read every pre-flip key through the proxy: it now routes codes 1 and 2 to the promoted mirrors.
  const reader = clients[0]!;
  let readable = 0;
  const keys = [...written.entries()];
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500);
    const values = await reader.mget(...batch.map(([k]) => k));
    batch.forEach(([, v], j) => (values[j] === v ? readable++ : undefined));
  }
  const versions = await Promise.all(metrics.map((m) => healthVersion(m)));
  expectations.check(appliedMs !== null, `not every proxy applied v${result.version} within 30 s`);
  expectations.check(versions.every((v) => v >= result.version), `proxies report versions ${versions.join(', ')}`);
  const figures = {
    proxies: proxies.length,
    clients: CLIENTS,
    requestsOk: ok,
    failedRequests: failures.length,
    failedByPhase: Object.fromEntries(['before-call', 'during-call', 'after-applied'].map((p) => [p, failures.filter((f) => f.phase === p).length])),
    failureSamples: [...new Set(failures.map((f) => `${f.phase}: ${f.message}`))].slice(0, 5),
    setGetPairMs: { p50: round(percentile(latencies, 50), 3), p99: round(percentile(latencies, 99), 3) },
    failoverCallMs: round(callMs, 1),
    failoverVersion: result.version,
    steps: result.steps,
    callToLastWorkerAppliedMs: round(appliedTotalMs, 1),
    keysWrittenBeforeFlip: keys.length,
    keysReadableAfterFlip: readable,
    keysReadablePercent: keys.length === 0 ? null : round((100 * readable) / keys.length, 3),
  };
  await report('failover-under-load', figures, [
    `requests ok / failed                  ${ok} / ${failures.length} (goal 0 failed)`,
    `failover.set call                     ${figures.failoverCallMs} ms → v${result.version}`,
    `call → last proxy applied             ${figures.callToLastWorkerAppliedMs} ms`,
    `pre-flip keys readable after the flip ${readable} / ${keys.length} (${figures.keysReadablePercent} %)`,
  ], expectations);
} finally {
  running = false;
  await Promise.allSettled(loops);
  for (const c of clients) c.disconnect();
  await Promise.allSettled(proxies.map((p) => p.stop()));
  await server.close();
  await api.stop();
  await Promise.all(Object.values(redis).map((r) => r.stop()));
  await rm(tmp, { recursive: true, force: true });
}
