/**
 * Drill (issue 15 acceptance b): migrate code 1 (gz-personal → spare) to DONE under load, fail
 * region gz over to sh, keep writing, then fail back. Clients write unique keys of codes 1 and 2
 * through an in-process proxy (each SET read back at once); an in-process migrator runs backfill
 * and reconciliation. At each point (after DONE, during the failover, after failback) every
 * acknowledged write so far is read back through the proxy. Goals: 0 failed requests, 0
 * acknowledged writes unreadable at any point.
 * Run: node --import tsx bench/drills/migration-failover.ts [--clients 2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApiServer, startTestApi, WORKER_TOKEN, type TestApi } from '@switchyard/api/testing';
import { startPostgres } from '@switchyard/db/testing';
import { startMigrator } from '@switchyard/migrator';
import { startProxy, type ProxyHandle } from '@switchyard/proxy';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { pairRoles, startAckedTraffic, verifyAcked, type AckedTraffic, type Verified } from './acked-traffic.ts';
import { Expectations, intFlag, isMain, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import { publishDemoSecret } from './drill-topology.ts';

export interface MigrationFailoverOptions {
  clients: number;
  /** Traffic between the steps. */
  dwellMs: number;
  timeoutMs: number;
}
const DEFAULTS: MigrationFailoverOptions = { clients: 2, dwellMs: 1000, timeoutMs: 60_000 };

type Cleanup = (() => Promise<unknown>)[];
type Status = Awaited<ReturnType<ReturnType<TestApi['as']>['migrations']['status']>>;

interface Top {
  api: TestApi;
  proxy: ProxyHandle;
  admin: Map<string, Redis>;
  secret: string;
}

async function startTopology(cleanup: Cleanup): Promise<Top> {
  const redis = new Map<string, RedisProcess>();
  cleanup.push(() => Promise.allSettled([...redis.values()].map((r) => r.stop())));
  for (const home of ['gz-personal', 'gz-enterprise']) {
    const h = await startRedis();
    redis.set(home, h);
    redis.set(`${home}-sh`, await startRedis({ replicaOf: { host: '127.0.0.1', port: h.port } }));
  }
  redis.set('spare', await startRedis());
  redis.set('control', await startRedis());
  const pg = await startPostgres();
  cleanup.push(() => pg.stop());
  const api = await startTestApi({
    databaseUrl: pg.url,
    ports: Object.fromEntries([...redis].map(([n, r]) => [n, r.port])),
    options: { redisTimeoutMs: 500, resyncTimeoutMs: 10_000, workflowLeaseMs: 5_000 },
  });
  cleanup.push(() => api.stop());
  const { secret } = await publishDemoSecret(api.as('admin'), 1);
  const server = await startApiServer(api.deps, 0, { resumeWorkflows: true });
  cleanup.push(() => server.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-migfo-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const proxy = await startProxy({
    PROXY_PORT: 0,
    CONSOLE_URL: server.url,
    WORKER_TOKEN,
    LKG_PATH: path.join(dir, 'lkg.json'),
    SHUTDOWN_GRACE_MS: 1000,
    HEARTBEAT_INTERVAL_MS: 200,
    BACKEND_TIMEOUT_MS: 1000,
    BACKEND_CONNECT_TIMEOUT_MS: 500,
    logger: { log: () => undefined },
  });
  cleanup.push(() => proxy.close());
  const migrator = await startMigrator({
    db: api.db,
    name: 'drill-migrator',
    controlInstance: 'control',
    pollMs: 200,
    backfillKeysPerSecond: 20_000,
    reconKeysPerSecond: 100_000,
    recheckDelayMs: 300,
    reconIntervalMs: 500,
    compMaxAttempts: 40,
    compBackoffBaseMs: 100,
    compBackoffMaxMs: 400,
    retryMs: 200,
    log: () => undefined,
  });
  cleanup.push(() => migrator.stop());
  const admin = new Map(
    [...redis].map(([n, r]) => [n, new Redis({ port: r.port, maxRetriesPerRequest: 1 }).on('error', () => undefined)]),
  );
  cleanup.push(async () => admin.forEach((c) => c.disconnect()));
  return { api, proxy, admin, secret };
}

/** A clean forward + reverse round that started after `iso`, with compensation drained (the cutover gate's facts). */
const cleanRoundAfter =
  (iso: string) =>
  (s: Status): boolean =>
    s.latestRecon.unresolved === 0 &&
    s.compensation.queued === 0 &&
    s.latestRecon.forward !== null &&
    s.latestRecon.reverse !== null &&
    s.latestRecon.forward.finished &&
    s.latestRecon.reverse.finished &&
    s.latestRecon.forward.startedAt > iso &&
    s.latestRecon.reverse.startedAt > iso;

export async function runMigrationFailover(
  options: Partial<MigrationFailoverOptions> = {},
): Promise<DrillResult & { figures: MigrationFailoverFigures }> {
  const o = { ...DEFAULTS, ...options };
  const cleanup: Cleanup = [];
  const clients: Redis[] = [];
  let traffic: AckedTraffic | null = null;
  try {
    const top = await startTopology(cleanup);
    for (let c = 0; c < o.clients; c++)
      clients.push(
        new Redis({ port: top.proxy.port, username: 'demo', password: top.secret, maxRetriesPerRequest: 0 }).on(
          'error',
          () => undefined,
        ),
      );
    traffic = startAckedTraffic(clients, { codes: [1, 2], paceMs: 1 });
    return await drill(o, top, traffic, clients[0]!);
  } finally {
    await traffic?.stop().catch(() => undefined);
    for (const c of clients) c.disconnect();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

type Applied = (version: number) => Promise<number>;

/** Code 1 gz-personal → spare through every phase, under the running traffic. */
async function migrateToDone(
  o: MigrationFailoverOptions,
  top: Top,
  traffic: AckedTraffic,
  applied: Applied,
): Promise<void> {
  const operator = top.api.as('operator');
  traffic.phase = 'before-migration';
  await sleep(o.dwellMs);
  const name = 'drill: code 1 to spare';
  const created = await operator.migrations.create({
    name,
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    reason: 'migration-failover drill',
  });
  const id = created.migration.id;
  const status = () => operator.migrations.status({ id });
  let lastStep = new Date().toISOString();
  const advance = async (
    to: 'BACKFILL' | 'RECONCILE' | 'GRAY_READ' | 'WRITE_ORDER_SWITCH' | 'STOP_DUAL_WRITE' | 'DONE',
    percent?: number,
  ) => {
    // The cutover gate: every forward step from GRAY_READ on waits for the migrator's next clean
    // round in both directions, started after the previous step (no override: the drill goes through the gate).
    if (to !== 'BACKFILL' && to !== 'RECONCILE')
      await waitUntil(status, cleanRoundAfter(lastStep), `a clean round before ${to}`, o.timeoutMs);
    traffic.phase = `migration-${to}`;
    const r = await operator.migrations.advance({
      id,
      to,
      reason: `drill: ${to}`,
      confirm: name,
      ...(percent === undefined ? {} : { percent }),
    });
    lastStep = new Date().toISOString();
    await applied(r.version);
  };
  await applied(created.version);
  traffic.phase = 'migration-DUAL_WRITE';
  await sleep(o.dwellMs);
  await advance('BACKFILL');
  await waitUntil(status, (s) => s.backfill.done, 'backfill done', o.timeoutMs);
  await advance('RECONCILE');
  await advance('GRAY_READ', 100);
  await advance('WRITE_ORDER_SWITCH');
  await advance('STOP_DUAL_WRITE', 100);
  await advance('DONE');
}

async function drill(
  o: MigrationFailoverOptions,
  top: Top,
  traffic: AckedTraffic,
  reader: Redis,
): Promise<DrillResult & { figures: MigrationFailoverFigures }> {
  const expectations = new Expectations();
  const operator = top.api.as('operator');
  const applied = (version: number) =>
    waitUntil(
      async () => top.proxy.holder.current?.version ?? 0,
      (v) => v >= version,
      `proxy at v${version}`,
      o.timeoutMs,
    );
  const checkpoints: Record<string, Verified> = {};
  const phasesMs: Record<string, number> = {};
  let last = performance.now();
  const mark = async (point: string): Promise<void> => {
    phasesMs[point] = round(performance.now() - last, 0) ?? 0;
    last = performance.now();
    checkpoints[point] = await verifyAcked(reader, traffic.acked);
  };
  await migrateToDone(o, top, traffic, applied);
  await sleep(o.dwellMs);
  await mark('after-done');
  traffic.phase = 'failover';
  const failover = await operator.failover.set({
    from: 'gz',
    to: 'sh',
    reason: 'drill: gz down after the migration',
    confirmRegion: 'gz',
  });
  await applied(failover.version);
  traffic.phase = 'failed-over';
  await sleep(o.dwellMs);
  await mark('during-failover');
  traffic.phase = 'failback';
  const back = await operator.failover.clear({ from: 'gz', reason: 'drill: gz back', confirmRegion: 'gz' });
  await applied(back.version);
  traffic.phase = 'after-failback';
  await sleep(o.dwellMs);
  await traffic.stop();
  await mark('after-failback');
  const { snapshot } = await top.api.as('viewer').versions.get({ version: back.version });
  const roles = await pairRoles(top.admin, [
    ['spare', 'gz-personal-sh'],
    ['gz-enterprise', 'gz-enterprise-sh'],
  ]);
  const figures: MigrationFailoverFigures = {
    clients: o.clients,
    requestsOk: traffic.ok,
    failedRequests: traffic.failures.length,
    failureSamples: [...new Set(traffic.failures.map((f) => `${f.phase}: ${f.message}`))].slice(0, 5),
    readMismatches: traffic.readMismatches.length,
    ackedWrites: traffic.acked.size,
    unreadable: Object.fromEntries(Object.entries(checkpoints).map(([k, v]) => [k, v.unreadable])),
    unreadableSamples: Object.values(checkpoints)
      .flatMap((v) => v.samples)
      .slice(0, 5),
    code1Home: snapshot.codes.find((c) => c.code === 1)?.instances.gz ?? null,
    failoverSteps: failover.steps.map((s) => `${s.step}:${s.target}:${s.ok ? 'ok' : 'FAIL'}`),
    failbackSteps: back.steps.map((s) => `${s.step}:${s.target}:${s.ok ? 'ok' : 'FAIL'}`),
    halfPromoted: roles.filter((r) => r.halfPromoted).map((r) => r.pair),
    phasesMs,
  };
  expectations.check(figures.failedRequests === 0, `${figures.failedRequests} requests failed`);
  expectations.check(
    Object.values(figures.unreadable).every((n) => n === 0),
    `acknowledged writes unreadable: ${JSON.stringify(figures.unreadable)}`,
  );
  expectations.check(
    figures.code1Home === 'spare',
    `code 1's home is ${figures.code1Home ?? 'none'}, not the migration target`,
  );
  expectations.check(figures.halfPromoted.length === 0, `half-promoted: ${figures.halfPromoted.join(', ')}`);
  const table = [
    `requests ok / failed                    ${figures.requestsOk} / ${figures.failedRequests} (goal 0 failed)`,
    `acknowledged writes                     ${figures.ackedWrites}`,
    `unreadable after DONE / failover / back ${figures.unreadable['after-done']} / ${figures.unreadable['during-failover']} / ${figures.unreadable['after-failback']} (goal 0)`,
    `read-after-write mismatches             ${figures.readMismatches} (a GET racing replication at a switch; reported, not asserted)`,
    `code 1 home after DONE                  ${figures.code1Home ?? 'none'}`,
  ];
  return { figures, table, failed: expectations.failed };
}

export interface MigrationFailoverFigures extends Record<string, unknown> {
  requestsOk: number;
  failedRequests: number;
  failureSamples: string[];
  readMismatches: number;
  ackedWrites: number;
  unreadable: Record<string, number>;
  unreadableSamples: string[];
  code1Home: string | null;
  halfPromoted: string[];
}

if (isMain(import.meta.url))
  await runAsCli('migration-failover', () => runMigrationFailover({ clients: intFlag('clients', DEFAULTS.clients) }));
