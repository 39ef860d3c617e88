/**
 * Drill (issue 15 acceptance a): failover under load, with the console killed at each step of
 * the workflow. Clients write unique keys of codes 1 and 2 through two gz proxy processes. For
 * every step k, a failover gz→sh is started in a console that dies right after step k ran
 * (before it was recorded; its HTTP server closes, its lease stays), a new console starts on the
 * same port and its start-up resumer finishes the workflow; then a failback dies the same way
 * and is resumed. After each round: no mirror half-promoted; at the end, every acknowledged write
 * is read back through the proxy key by key. Goals: 0 failed requests, 0 acknowledged writes lost.
 * Run: node --import tsx bench/drills/failover-console-kills.ts [--clients 2] [--steps 12]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import type { ApiDeps } from '../../packages/api/src/deps.ts';
import { clearFailover } from '../../packages/api/src/services/failback-service.ts';
import { setFailover } from '../../packages/api/src/services/failover-service.ts';
import { latestSnapshot } from '../../packages/api/src/services/publish-service.ts';
import { unfinishedWorkflows } from '../../packages/api/src/services/workflow/store.ts';
import {
  startApiServer,
  startTestApi,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '../../packages/api/src/testing/index.ts';
import { pairRoles, startAckedTraffic, verifyAcked, type AckedTraffic } from './acked-traffic.ts';
import { Expectations, intFlag, isMain, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import { proxyClient, publishDemoSecret, spawnProxy, waitVersion, type ProxyProcess } from './drill-topology.ts';

export interface ConsoleKillOptions {
  clients: number;
  /** Kill points 0..steps-1 (failover has 10 steps, failback 12 with two pairs). */
  steps: number;
  leaseMs: number;
}
const DEFAULTS: ConsoleKillOptions = { clients: 2, steps: 12, leaseMs: 600 };
const PAIRS = [
  ['gz-personal', 'gz-personal-sh'],
  ['gz-enterprise', 'gz-enterprise-sh'],
] as const;

interface Top {
  tmp: string;
  redis: Map<string, RedisProcess>;
  admin: Map<string, Redis>;
  api?: TestApi;
  server?: ApiServer;
  port: number;
  proxies: ProxyProcess[];
  clients: Redis[];
  traffic?: AckedTraffic;
}

/** The console: an API server on a fixed port; `restart` is a new process (fresh id, resumer on). */
async function restartConsole(top: Top, o: ConsoleKillOptions): Promise<ApiDeps> {
  await top.server?.close();
  const deps: ApiDeps = { ...top.api!.deps, processId: `console-${Date.now()}` };
  top.server = await startApiServer(deps, top.port, { resumeWorkflows: true });
  return { ...deps, options: { ...deps.options, workflowLeaseMs: o.leaseMs } };
}

const dying = (deps: ApiDeps, k: number): ApiDeps => ({
  ...deps,
  processId: `dying-${k}-${Date.now()}`,
  faults: {
    at: (point, s) => {
      if (point === 'ran' && s.index === k) throw new Error(`console killed after ${s.step} ${s.target}`);
    },
  },
});

interface Round {
  k: number;
  kind: string;
  killedAt: string | null;
  resumedMs: number | null;
  halfPromoted: boolean;
}

async function killRound(
  top: Top,
  o: ConsoleKillOptions,
  deps: ApiDeps,
  k: number,
  kind: 'failover' | 'failback',
): Promise<{ round: Round; deps: ApiDeps }> {
  const actor = top.api!.actors.operator;
  const run = (d: ApiDeps) =>
    kind === 'failover'
      ? setFailover(d, actor, { from: 'gz', to: 'sh', reason: `drill kill ${k}`, confirmRegion: 'gz' })
      : clearFailover(d, actor, { from: 'gz', reason: `drill kill ${k}`, confirmRegion: 'gz' });
  top.traffic!.phase = `${kind}-${k}`;
  let killedAt: string | null = null;
  let next = deps;
  try {
    await run(dying(deps, k));
  } catch (error) {
    killedAt = (error as Error).message;
    const started = performance.now();
    next = await restartConsole(top, o);
    while ((await unfinishedWorkflows(top.api!.db)).length > 0) {
      if (performance.now() - started > 60_000) throw new Error(`${kind} killed at ${k} was not resumed within 60 s`);
      await sleep(50);
    }
    return {
      round: {
        k,
        kind,
        killedAt,
        resumedMs: round(performance.now() - started, 0),
        halfPromoted: await halfPromoted(top),
      },
      deps: next,
    };
  }
  return { round: { k, kind, killedAt, resumedMs: null, halfPromoted: await halfPromoted(top) }, deps: next };
}

const halfPromoted = async (top: Top): Promise<boolean> =>
  (await pairRoles(top.admin, PAIRS)).some((p) => p.halfPromoted);

async function startTopology(top: Top, o: ConsoleKillOptions): Promise<{ secret: string }> {
  for (const [home, mirror] of PAIRS) {
    const h = await startRedis();
    top.redis.set(home, h);
    top.redis.set(mirror, await startRedis({ replicaOf: { host: '127.0.0.1', port: h.port } }));
  }
  for (const [name, r] of top.redis)
    top.admin.set(
      name,
      new Redis({ port: r.port, maxRetriesPerRequest: 1 }).on('error', () => undefined),
    );
  const ports = Object.fromEntries([...top.redis].map(([n, r]) => [n, r.port]));
  top.api = await startTestApi({
    ports,
    options: {
      redisTimeoutMs: 500,
      resyncTimeoutMs: 5_000,
      workflowLeaseMs: o.leaseMs,
      workflowRetryMs: 200,
      workerConvergeTimeoutMs: 10_000,
    },
  });
  top.server = await startApiServer(top.api.deps, top.port);
  const { secret, version } = await publishDemoSecret(top.api.as('admin'), 1);
  for (let i = 0; i < 2; i++) {
    top.proxies.push(
      await spawnProxy({
        name: `gz-${i + 1}`,
        port: await freePort(),
        metricsPort: await freePort(),
        consoleUrl: `http://127.0.0.1:${top.port}`,
        workerToken: WORKER_TOKEN,
        lkgPath: path.join(top.tmp, `lkg-${i}.json`),
        extraEnv: { HEARTBEAT_INTERVAL_MS: '200' },
      }),
    );
  }
  if (
    (await waitVersion(
      top.proxies.map((p) => p.metricsPort),
      version,
      20_000,
    )) === null
  )
    throw new Error(`proxies never applied v${version}`);
  return { secret };
}

export async function runFailoverConsoleKills(
  options: Partial<ConsoleKillOptions> = {},
): Promise<DrillResult & { figures: ConsoleKillFigures }> {
  const o = { ...DEFAULTS, ...options };
  const top: Top = {
    tmp: await mkdtemp(path.join(os.tmpdir(), 'sy-drill-kills-')),
    redis: new Map(),
    admin: new Map(),
    port: await freePort(),
    proxies: [],
    clients: [],
  };
  try {
    return await drill(top, o);
  } finally {
    await top.traffic?.stop().catch(() => undefined);
    for (const c of [...top.clients, ...top.admin.values()]) c.disconnect();
    await Promise.allSettled(top.proxies.map((p) => p.stop()));
    await top.server?.close().catch(() => undefined);
    await top.api?.stop().catch(() => undefined);
    await Promise.allSettled([...top.redis.values()].map((r) => r.stop()));
    await rm(top.tmp, { recursive: true, force: true });
  }
}

async function drill(top: Top, o: ConsoleKillOptions): Promise<DrillResult & { figures: ConsoleKillFigures }> {
  const expectations = new Expectations();
  const { secret } = await startTopology(top, o);
  for (let c = 0; c < o.clients; c++) top.clients.push(proxyClient(top.proxies[c % top.proxies.length]!.port, secret));
  const traffic = (top.traffic = startAckedTraffic(top.clients, { codes: [1, 2], paceMs: 1 }));
  let deps: ApiDeps = { ...top.api!.deps, options: { ...top.api!.deps.options, workflowLeaseMs: o.leaseMs } };
  const rounds: Round[] = [];
  const metrics = top.proxies.map((p) => p.metricsPort);
  for (let k = 0; k < o.steps; k++) {
    for (const kind of ['failover', 'failback'] as const) {
      const r = await killRound(top, o, deps, k, kind);
      deps = r.deps;
      rounds.push(r.round);
      const { version } = await latestSnapshot(top.api!.db);
      expectations.check(
        (await waitVersion(metrics, version, 30_000)) !== null,
        `proxies did not apply v${version} after ${kind} ${k}`,
      );
    }
  }
  await sleep(300);
  await traffic.stop();
  const verified = await verifyAcked(top.clients[0]!, traffic.acked);
  const { snapshot } = await latestSnapshot(top.api!.db);
  const figures: ConsoleKillFigures = {
    clients: o.clients,
    rounds: rounds.length,
    killedRounds: rounds.filter((r) => r.killedAt !== null).length,
    notKilled: rounds.filter((r) => r.killedAt === null).map((r) => `${r.kind}-${r.k}`),
    killMessages: rounds.map((r) => r.killedAt ?? `${r.kind}-${r.k}: ran through`),
    requestsOk: traffic.ok,
    failedRequests: traffic.failures.length,
    failureSamples: [...new Set(traffic.failures.map((f) => `${f.phase}: ${f.message}`))].slice(0, 5),
    readMismatches: traffic.readMismatches.length,
    ackedWrites: verified.checked,
    ackedLost: verified.unreadable,
    lostSamples: verified.samples,
    lostHeldBy: await Promise.all(
      verified.lostKeys
        .slice(0, 3)
        .map(
          async (k) =>
            `${k}: ${(await Promise.all([...top.admin].map(async ([n, c]) => ((await c.get(k)) === null ? null : n)))).filter(Boolean).join(',') || 'nowhere'}`,
        ),
    ),
    lostByPhase: countBy(verified.lostKeys.map((k) => traffic.phaseOf.get(k) ?? '?')),
    halfPromotedRounds: rounds.filter((r) => r.halfPromoted).map((r) => `${r.kind}-${r.k}`),
    resumeMs: { max: Math.max(0, ...rounds.map((r) => r.resumedMs ?? 0)) },
    finalFailover: snapshot.failover.map((f) => `${f.from}→${f.to}`),
  };
  expectations.check(figures.failedRequests === 0, `${figures.failedRequests} requests failed`);
  expectations.check(figures.ackedLost === 0, `${figures.ackedLost} acknowledged writes lost`);
  expectations.check(
    figures.halfPromotedRounds.length === 0,
    `half-promoted after ${figures.halfPromotedRounds.join(', ')}`,
  );
  const table = [
    `rounds (failover + failback per kill point) ${figures.rounds}, killed ${figures.killedRounds}`,
    `requests ok / failed                      ${figures.requestsOk} / ${figures.failedRequests} (goal 0 failed)`,
    `acknowledged writes lost                  ${figures.ackedLost} / ${figures.ackedWrites} (goal 0)`,
    `read-after-write mismatches               ${figures.readMismatches} (GET racing replication at a switch; reported)`,
    `rounds with a half-promoted pair          ${figures.halfPromotedRounds.length}`,
    `slowest kill → resumed                    ${figures.resumeMs.max} ms (lease ${o.leaseMs} ms)`,
  ];
  return { figures, table, failed: expectations.failed };
}

const countBy = (xs: readonly string[]): Record<string, number> =>
  xs.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {});

export interface ConsoleKillFigures extends Record<string, unknown> {
  rounds: number;
  killedRounds: number;
  notKilled: string[];
  requestsOk: number;
  failedRequests: number;
  failureSamples: string[];
  readMismatches: number;
  ackedWrites: number;
  ackedLost: number;
  lostSamples: string[];
  halfPromotedRounds: string[];
  resumeMs: { max: number };
  finalFailover: string[];
}

if (isMain(import.meta.url))
  await runAsCli('failover-console-kills', () =>
    runFailoverConsoleKills({ clients: intFlag('clients', DEFAULTS.clients), steps: intFlag('steps', DEFAULTS.steps) }),
  );
