/**
 * Drill: console and database down. Two proxy processes long-poll the API (HTTP handlers over
 * a file-backed embedded Postgres) and serve GET/SET against a real redis. The API server and
 * its database are stopped; traffic must go on with zero errors, and a proxy restarted during
 * the outage must start from last-known-good and serve. Then database and API come back on the
 * same data dir and ports, a new version is published, and both proxies must converge.
 * Run: node --import tsx bench/drills/console-down.ts [--outage-ms 5000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_INSTANCES } from '@switchyard/core';
import { createDb } from '@switchyard/db/client';
import { startEmbeddedPostgres, type RunningPostgres } from '@switchyard/db/embedded';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { contextForActor } from '../../packages/api/src/context.ts';
import { apiDeps } from '../../packages/api/src/deps.ts';
import { appRouter } from '../../packages/api/src/routers/app-router.ts';
import {
  startApiServer,
  startTestApi,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '../../packages/api/src/testing/index.ts';
import { createCallerFactory } from '../../packages/api/src/trpc.ts';
import { Expectations, intFlag, isMain, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import {
  healthVersion,
  proxyClient,
  publishDemoSecret,
  spawnProxy,
  waitVersion,
  type ProxyProcess,
} from './drill-topology.ts';

export interface ConsoleDownOptions {
  /** API and database down; proxy 1 is restarted half-way through. */
  outageMs: number;
  warmupMs: number;
  /** Concurrent GET/SET loops per proxy. */
  loopsPerProxy: number;
  convergeLimitMs: number;
}
const DEFAULTS: ConsoleDownOptions = { outageMs: 5000, warmupMs: 1000, loopsPerProxy: 3, convergeLimitMs: 60_000 };
const createCaller = createCallerFactory(appRouter);

interface Lane {
  client: Redis;
  ok: number;
  errors: number;
  samples: Set<string>;
  paused: boolean;
}
interface Traffic {
  phase: 'before' | 'outage' | 'after';
  running: boolean;
  outage: { ok: number; errors: number };
}

async function drive(t: Traffic, lane: Lane, seed: number): Promise<void> {
  for (let i = 0; t.running && i < 5_000_000; i++) {
    if (lane.paused) {
      await sleep(5);
      continue;
    }
    const key = `stable_${1000 + ((i * 13 + seed) % 2000)}`;
    try {
      if (i % 4 === 0) await lane.client.set(key, `v${i}`);
      else await lane.client.get(key);
      lane.ok++;
      if (t.phase === 'outage') t.outage.ok++;
    } catch (err) {
      lane.errors++;
      if (t.phase === 'outage') t.outage.errors++;
      if (lane.samples.size < 5) lane.samples.add(`${t.phase}: ${(err as Error).message}`);
    }
  }
}

/** Everything the drill starts, so one `finally` can stop what exists. */
interface Topology {
  tmp: string;
  redis?: RedisProcess;
  pg?: RunningPostgres;
  api?: TestApi;
  server?: ApiServer;
  recoveredDb?: TestApi['db'];
  proxies: ProxyProcess[];
  lanes: Lane[];
  loops: Promise<void>[];
}

async function teardown(top: Topology, t: Traffic): Promise<void> {
  t.running = false;
  await Promise.allSettled(top.loops);
  for (const lane of top.lanes) lane.client.disconnect();
  await Promise.allSettled(top.proxies.map((p) => p.stop()));
  await top.server?.close().catch(() => undefined);
  await top.recoveredDb?.$disconnect().catch(() => undefined);
  await top.api?.db.$disconnect().catch(() => undefined);
  await top.pg?.stop().catch(() => undefined);
  await top.redis?.stop();
  await rm(top.tmp, { recursive: true, force: true });
}

export async function runConsoleDown(
  options: Partial<ConsoleDownOptions> = {},
): Promise<DrillResult & { figures: ConsoleDownFigures }> {
  const o = { ...DEFAULTS, ...options };
  const t: Traffic = { phase: 'before', running: true, outage: { ok: 0, errors: 0 } };
  const top: Topology = {
    tmp: await mkdtemp(path.join(os.tmpdir(), 'sy-drill-console-')),
    proxies: [],
    lanes: [],
    loops: [],
  };
  try {
    return await drill(o, t, top);
  } finally {
    await teardown(top, t);
  }
}

/** Redis, a file-backed Postgres, the API on fixed ports (they come back on the same ones), and the demo secret published. */
async function start(top: Topology) {
  const redis = (top.redis = await startRedis());
  const [pgPort, apiPort] = [await freePort(), await freePort()];
  top.pg = await startEmbeddedPostgres({ dataDir: path.join(top.tmp, 'pg'), port: pgPort });
  const api = (top.api = await startTestApi({
    databaseUrl: top.pg.url,
    ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redis.port])),
  }));
  top.server = await startApiServer(api.deps, apiPort);
  const consoleUrl = top.server.url;
  const { secret, version: v2 } = await publishDemoSecret(api.as('admin'), 1);
  const ports = [
    { port: await freePort(), metrics: await freePort() },
    { port: await freePort(), metrics: await freePort() },
  ];
  const spawnNth = (i: number): Promise<ProxyProcess> =>
    spawnProxy({
      name: `drill-${i}`,
      port: ports[i]!.port,
      metricsPort: ports[i]!.metrics,
      consoleUrl,
      workerToken: WORKER_TOKEN,
      lkgPath: path.join(top.tmp, `lkg-${i}.json`),
    });
  return { pgPort, apiPort, ports, secret, v2, spawnNth };
}

/** Stops proxy `i` with its lane paused, starts it again, and points the lane at it; ms until ready. */
async function restartProxy(
  top: Topology,
  i: number,
  spawn: () => Promise<ProxyProcess>,
  secret: string,
): Promise<{ ms: number }> {
  const lane = top.lanes[i]!;
  lane.paused = true;
  await sleep(50);
  lane.client.disconnect();
  await top.proxies[i]!.stop();
  const started = performance.now();
  top.proxies[i] = await spawn();
  const ms = performance.now() - started;
  lane.client = proxyClient(top.proxies[i].port, secret);
  lane.paused = false;
  return { ms };
}

/** Database and API back on the same data dir and ports (fresh client and server), then a publish; ms until every proxy applied it. */
async function recoverAndPublish(
  top: Topology,
  t: Traffic,
  at: { pgPort: number; apiPort: number },
  metricsPorts: number[],
  limitMs: number,
): Promise<{ published: { version: number }; convergeTotalMs: number | null }> {
  top.pg = await startEmbeddedPostgres({ dataDir: path.join(top.tmp, 'pg'), port: at.pgPort });
  const db = (top.recoveredDb = createDb(top.pg.url, { max: 4 }));
  const deps = apiDeps(db);
  top.server = await startApiServer(deps, at.apiPort);
  t.phase = 'after';
  const operator = createCaller(contextForActor(deps, top.api!.actors.operator));
  const publishStarted = performance.now();
  const published = await operator.degradation.setKey({
    key: 'stable_2147495993',
    ratio: 0.01,
    reason: 'drill: publish after the outage',
  });
  const convergeMs = await waitVersion(metricsPorts, published.version, limitMs);
  return { published, convergeTotalMs: convergeMs === null ? null : performance.now() - publishStarted };
}

async function drill(
  o: ConsoleDownOptions,
  t: Traffic,
  top: Topology,
): Promise<DrillResult & { figures: ConsoleDownFigures }> {
  const expectations = new Expectations();
  const { pgPort, apiPort, ports, secret, v2, spawnNth } = await start(top);
  const { proxies, lanes } = top;
  proxies.push(await spawnNth(0), await spawnNth(1));
  expectations.check(
    (await waitVersion(
      ports.map((p) => p.metrics),
      v2,
      20_000,
    )) !== null,
    `proxies never applied v${v2}`,
  );
  lanes.push(
    ...proxies.map((p) => ({
      client: proxyClient(p.port, secret),
      ok: 0,
      errors: 0,
      samples: new Set<string>(),
      paused: false,
    })),
  );
  top.loops = lanes.flatMap((lane, li) =>
    Array.from({ length: o.loopsPerProxy }, (_, k) => drive(t, lane, li * 100 + k)),
  );
  await sleep(o.warmupMs);

  // Outage: the API first (workers see refused connections), then the database.
  t.phase = 'outage';
  const outageStarted = performance.now();
  await top.server!.close();
  await top.api!.db.$disconnect();
  await top.pg!.stop();
  await sleep(o.outageMs / 2);
  // Restart proxy 1 with no console: it must come up from its last-known-good file.
  const lane1 = lanes[1]!;
  const okBeforeRestart = lane1.ok;
  const restart = await restartProxy(top, 1, () => spawnNth(1), secret);
  expectations.check(
    (await waitVersion([ports[1]!.metrics], v2, 5000)) !== null,
    `proxy restarted during the outage did not report v${v2} from last-known-good`,
  );
  const restartedVersion = await healthVersion(ports[1]!.metrics);
  await sleep(o.outageMs / 2);
  const restartedServedInOutage = lane1.ok - okBeforeRestart;
  const outageMs = performance.now() - outageStarted;

  const { published, convergeTotalMs } = await recoverAndPublish(
    top,
    t,
    { pgPort, apiPort },
    ports.map((p) => p.metrics),
    o.convergeLimitMs,
  );
  await sleep(500);
  t.running = false;
  await Promise.all(top.loops);
  const versionsAfter = await Promise.all(ports.map((p) => healthVersion(p.metrics)));

  expectations.check(
    t.outage.errors === 0,
    `${t.outage.errors} errors during the outage (expected 0): ${lanes.flatMap((l) => [...l.samples]).join(' | ')}`,
  );
  expectations.check(
    restartedServedInOutage > 0,
    'the proxy restarted during the outage served no request before the console came back',
  );
  expectations.check(
    convergeTotalMs !== null,
    `proxies did not converge on v${published.version} within ${o.convergeLimitMs} ms after the API came back`,
  );
  expectations.check(
    lanes.every((l) => l.errors === 0),
    `errors outside the outage: ${lanes.map((l) => l.errors).join(', ')}`,
  );
  const figures = {
    proxies: 2,
    outageMs: round(outageMs, 0),
    outage: { served: t.outage.ok, errors: t.outage.errors },
    served: lanes.map((l) => l.ok),
    errors: lanes.map((l) => l.errors),
    errorSamples: lanes.flatMap((l) => [...l.samples]),
    proxyRestartDuringOutageMs: round(restart.ms, 0),
    restartedFromLkgVersion: v2,
    restartedProxyVersion: restartedVersion,
    restartedServedInOutage,
    publishedAfterOutage: published.version,
    versionsAfter,
    convergeAfterPublishMs: round(convergeTotalMs, 1),
  };
  const table = [
    `outage (API + database down)   ${figures.outageMs} ms`,
    `requests served in the outage  ${t.outage.ok}, errors ${t.outage.errors} (expected 0)`,
    `proxy restart in the outage    ready in ${figures.proxyRestartDuringOutageMs} ms on LKG v${restartedVersion}, then served ${restartedServedInOutage}`,
    `publish v${published.version} after recovery → both proxies applied: ${figures.convergeAfterPublishMs} ms`,
  ];
  return { figures, table, failed: expectations.failed };
}

export interface ConsoleDownFigures extends Record<string, unknown> {
  outage: { served: number; errors: number };
  errors: number[];
  restartedFromLkgVersion: number;
  restartedProxyVersion: number;
  restartedServedInOutage: number;
  publishedAfterOutage: number;
  versionsAfter: number[];
}

if (isMain(import.meta.url))
  await runAsCli('console-down', () => runConsoleDown({ outageMs: intFlag('outage-ms', DEFAULTS.outageMs) }));
