/**
 * Drill: console and database down. Two proxy processes long-poll the API (HTTP handlers over
 * a file-backed embedded Postgres) and serve GET/SET against a real redis. The API server and
 * its database are stopped; traffic must go on with zero errors, and a proxy restarted during
 * the outage must start from last-known-good and serve. Then database and API come back on the
 * same data dir and ports, a new version is published, and both proxies must converge.
 * Run: node --import tsx bench/drills/console-down.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_INSTANCES } from '@switchyard/core';
import { createDb } from '@switchyard/db/client';
import { startEmbeddedPostgres } from '@switchyard/db/embedded';
import { freePort, startRedis } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { contextForActor } from '../../packages/api/src/context.ts';
import { apiDeps } from '../../packages/api/src/deps.ts';
import { appRouter } from '../../packages/api/src/routers/app-router.ts';
import { startApiServer, startTestApi, WORKER_TOKEN } from '../../packages/api/src/testing/index.ts';
import { createCallerFactory } from '../../packages/api/src/trpc.ts';
import { Expectations, report, round, sleep } from './drill-lib.ts';
import { proxyClient, publishDemoSecret, spawnProxy, waitVersion, type ProxyProcess } from './drill-topology.ts';

const OUTAGE_MS = 5000;
const createCaller = createCallerFactory(appRouter);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-console-'));
const redis = await startRedis();
const pgPort = await freePort();
const apiPort = await freePort();
let pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: pgPort });
const api = await startTestApi({ databaseUrl: pg.url, ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redis.port])) });
let server = await startApiServer(api.deps, apiPort);
const { secret, version: v2 } = await publishDemoSecret(api.as('admin'), 1);

const proxies: ProxyProcess[] = [];
const spawnNth = async (i: number): Promise<ProxyProcess> => spawnProxy({ name: `drill-${i}`, port: ports[i]!.port, metricsPort: ports[i]!.metrics, consoleUrl: server.url, workerToken: WORKER_TOKEN, lkgPath: path.join(tmp, `lkg-${i}.json`) });
const ports = [{ port: await freePort(), metrics: await freePort() }, { port: await freePort(), metrics: await freePort() }];

interface Lane { client: Redis; ok: number; errors: number; samples: Set<string>; paused: boolean }
let phase: 'before' | 'outage' | 'after' = 'before';
let running = true;
const outage = { ok: 0, errors: 0 };
async function drive(lane: Lane, seed: number): Promise<void> {
  for (let i = 0; running && i < 5_000_000; i++) {
    if (lane.paused) {
      await sleep(5);
      continue;
    }
    const key = `stable_${1000 + ((i * 13 + seed) % 2000)}`;
    try {
      if (i % 4 === 0) await lane.client.set(key, `v${i}`);
      else await lane.client.get(key);
      lane.ok++;
      if (phase === 'outage') outage.ok++;
    } catch (err) {
      lane.errors++;
      if (phase === 'outage') outage.errors++;
      if (lane.samples.size < 5) lane.samples.add(`${phase}: ${(err as Error).message}`);
    }
  }
}

const expectations = new Expectations();
let lanes: Lane[] = [];
let loops: Promise<void>[] = [];
try {
  proxies.push(await spawnNth(0), await spawnNth(1));
  expectations.check((await waitVersion(ports.map((p) => p.metrics), v2, 20_000)) !== null, `proxies never applied v${v2}`);
  lanes = proxies.map((p) => ({ client: proxyClient(p.port, secret), ok: 0, errors: 0, samples: new Set<string>(), paused: false }));
  loops = lanes.flatMap((lane, li) => [0, 1, 2].map((k) => drive(lane, li * 100 + k)));
  await sleep(1000);

  // Outage: the API first (workers see refused connections), then the database.
  phase = 'outage';
  const outageStarted = performance.now();
  await server.close();
  await api.db.$disconnect();
  await pg.stop();
  await sleep(OUTAGE_MS / 2);
  // Restart proxy 1 with no console: it must come up from its last-known-good file.
  lanes[1]!.paused = true;
  await sleep(50);
  lanes[1]!.client.disconnect();
  await proxies[1]!.stop();
  const restartStarted = performance.now();
  proxies[1] = await spawnNth(1);
  const restartMs = performance.now() - restartStarted;
  lanes[1]!.client = proxyClient(proxies[1].port, secret);
  lanes[1]!.paused = false;
  const restartedVersion = await waitVersion([ports[1]!.metrics], v2, 5000);
  expectations.check(restartedVersion !== null, `proxy restarted during the outage did not report v${v2} from last-known-good`);
  await sleep(OUTAGE_MS / 2);
  const outageMs = performance.now() - outageStarted;

  // Recovery: same data dir, same ports, fresh client and server.
  pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), port: pgPort });
  const db = createDb(pg.url, { max: 4 });
  const deps = apiDeps(db);
  server = await startApiServer(deps, apiPort);
  phase = 'after';
  const operator = createCaller(contextForActor(deps, api.actors.operator));
  const publishStarted = performance.now();
  const published = await operator.degradation.setKey({ key: 'stable_2147495993', ratio: 0.01, reason: 'drill: publish after the outage' });
  const convergeMs = await waitVersion(ports.map((p) => p.metrics), published.version, 60_000);
  const convergeTotalMs = convergeMs === null ? null : performance.now() - publishStarted;
  await sleep(500);
  running = false;
  await Promise.all(loops);
  await db.$disconnect();

  expectations.check(outage.errors === 0, `${outage.errors} errors during the outage (expected 0): ${lanes.flatMap((l) => [...l.samples]).join(' | ')}`);
  expectations.check(convergeMs !== null, `proxies did not converge on v${published.version} within 60 s after the API came back`);
  expectations.check(lanes.every((l) => l.errors === 0), `errors outside the outage: ${lanes.map((l) => l.errors).join(', ')}`);
  const figures = {
    proxies: 2,
    outageMs: round(outageMs, 0),
    outage: { served: outage.ok, errors: outage.errors },
    served: lanes.map((l) => l.ok),
    errors: lanes.map((l) => l.errors),
    errorSamples: lanes.flatMap((l) => [...l.samples]),
    proxyRestartDuringOutageMs: round(restartMs, 0),
    restartedFromLkgVersion: v2,
    publishedAfterOutage: published.version,
    convergeAfterPublishMs: round(convergeTotalMs, 1),
  };
  await report('console-down', figures, [
    `outage (API + database down)   ${figures.outageMs} ms`,
    `requests served in the outage  ${outage.ok}, errors ${outage.errors} (expected 0)`,
    `proxy restart in the outage    ready in ${figures.proxyRestartDuringOutageMs} ms on LKG v${v2}`,
    `publish v${published.version} after recovery → both proxies applied: ${figures.convergeAfterPublishMs} ms`,
  ], expectations);
} finally {
  running = false;
  await Promise.allSettled(loops);
  for (const lane of lanes) lane.client.disconnect();
  await Promise.allSettled(proxies.map((p) => p.stop()));
  await server.close().catch(() => undefined);
  await pg.stop().catch(() => undefined);
  await redis.stop();
  await rm(tmp, { recursive: true, force: true });
}
