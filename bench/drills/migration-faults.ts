/**
 * Drill 4: migration with faults (DESIGN §7). Code 1 moves gz-personal → spare while writers
 * go through an in-process proxy that polls the API (real PostgreSQL). The target flaps
 * (SIGKILL, down a while, restart) during DUAL_WRITE and again while BACKFILL runs; the
 * in-process migrator must finish the backfill, drain compensation and reach a clean
 * forward + reverse reconciliation, and an independent comparison (plain SCAN + per-type
 * reads, no engine code) must find zero differences once the writers have stopped.
 * The target runs with appendonly + fsync always, as a production target would: a flap is
 * an outage, not data loss, so what the drill checks is the dual-write/compensation/backfill
 * path across outages (a wiped target is a different fault).
 * Run: node --import tsx bench/drills/migration-faults.ts [--preload 20000] [--writers 4] …
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApiServer, startTestApi, WORKER_TOKEN, type ApiServer, type TestApi } from '@switchyard/api/testing';
import { startPostgres, type RunningPostgres } from '@switchyard/db/testing';
import { startMigrator, type Migrator } from '@switchyard/migrator';
import { startProxy, type ProxyHandle } from '@switchyard/proxy';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { independentDiff } from '../../packages/migration/src/test-support/independent-compare.ts';
import { Expectations, intFlag, isMain, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import { publishDemoSecret } from './drill-topology.ts';
import { KEYS_PER_MEETING, preload, startWriters, type Writers } from './migration-workload.ts';

export interface Options {
  /** Keys on the source before the migration starts (five types, five keys a meeting). */
  preload: number;
  writers: number;
  /** Meetings the writers pick from; they overlap the preloaded ones. */
  meetings: number;
  dualWriteFlaps: number;
  backfillFlaps: number;
  downMs: number;
  upMs: number;
  backfillKeysPerSecond: number;
  /** Bound on every wait (backfill done, convergence, …). */
  timeoutMs: number;
  /** Bound on each writer's loop. */
  maxOpsPerWriter: number;
}

const DEFAULTS: Options = {
  preload: 20_000,
  writers: 4,
  meetings: 600,
  dualWriteFlaps: 3,
  backfillFlaps: 3,
  downMs: 700,
  upMs: 700,
  backfillKeysPerSecond: 3000,
  timeoutMs: 60_000,
  maxOpsPerWriter: 200_000,
};

function track(clients: Redis[], c: Redis): Redis {
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

/** Preloaded keys of meetings beyond the writers' range: nothing but the backfill copies them. */
const backfillOnly = (o: Options): number => Math.max(0, o.preload - o.meetings * KEYS_PER_MEETING);

/** The independent comparison, split over key buckets so its per-key round trips overlap. */
async function compareAll(old: Redis, fresh: Redis, buckets = 4): Promise<string[]> {
  const bucket = (key: string): number => [...key].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % buckets;
  const parts = await Promise.all(
    Array.from({ length: buckets }, (_, b) => independentDiff(old, fresh, (k) => bucket(k) === b)),
  );
  return parts.flat().sort();
}

interface Topology {
  redis: Record<'old' | 'new' | 'control', RedisProcess>;
  pg: RunningPostgres;
  api: TestApi;
  server: ApiServer;
  proxy: ProxyHandle;
  migrator: Migrator;
  secret: string;
  tasks: Map<string, number>;
}

/** Every piece is pushed on a stack as it starts, so a failure half-way still cleans up. */
async function startTopology(o: Options, cleanup: (() => Promise<unknown>)[]): Promise<Topology> {
  const [old, neu, control] = await Promise.all([
    startRedis(),
    startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] }),
    startRedis(),
  ]);
  cleanup.push(() => Promise.allSettled([old.stop(), neu.stop(), control.stop()]));
  const pg = await startPostgres();
  cleanup.push(() => pg.stop());
  const api = await startTestApi({
    databaseUrl: pg.url,
    ports: { 'gz-personal': old.port, spare: neu.port, control: control.port },
  });
  cleanup.push(() => api.stop());
  const { secret } = await publishDemoSecret(api.as('admin'), (await api.as('admin').draft.get()).revision);
  const server = await startApiServer(api.deps);
  cleanup.push(() => server.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-migration-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const proxy = await startProxy({
    PROXY_PORT: 0,
    CONSOLE_URL: server.url,
    WORKER_TOKEN,
    LKG_PATH: path.join(dir, 'lkg.json'),
    SHUTDOWN_GRACE_MS: 1000,
    BACKEND_TIMEOUT_MS: 1000,
    BACKEND_CONNECT_TIMEOUT_MS: 500,
    logger: { log: () => undefined },
  });
  cleanup.push(() => proxy.close());
  const tasks = new Map<string, number>();
  const migrator = await startMigrator({
    db: api.db,
    name: 'drill-migrator',
    controlInstance: 'control',
    pollMs: 200,
    backfillKeysPerSecond: o.backfillKeysPerSecond,
    reconKeysPerSecond: 100_000,
    recheckDelayMs: 300,
    reconIntervalMs: 500,
    compMaxAttempts: 40,
    compBackoffBaseMs: 100,
    compBackoffMaxMs: 400,
    retryMs: 200,
    log: (event, fields) => {
      const key = `${String(fields.task ?? '')}:${event}`;
      tasks.set(key, (tasks.get(key) ?? 0) + 1);
    },
  });
  cleanup.push(() => migrator.stop());
  return { redis: { old, new: neu, control }, pg, api, server, proxy, migrator, secret, tasks };
}

/** kill → down → restart → up, `count` times, each bounded by the harness's own timeouts. */
async function flap(
  target: RedisProcess,
  count: number,
  o: Options,
  onKill: () => Promise<void> = async () => undefined,
): Promise<number> {
  let lastRestart = 0;
  for (let i = 0; i < count; i++) {
    await onKill();
    await target.kill();
    await sleep(o.downMs);
    await target.restart();
    lastRestart = performance.now();
    await sleep(o.upMs);
  }
  return lastRestart;
}

type Status = Awaited<ReturnType<ReturnType<TestApi['as']>['migrations']['status']>>;

const cleanRoundAfter =
  (iso: string) =>
  (s: Status): boolean =>
    s.compensation.reachable &&
    s.compensation.queued === 0 &&
    s.latestRecon.unresolved === 0 &&
    s.latestRecon.forward !== null &&
    s.latestRecon.reverse !== null &&
    s.latestRecon.forward.finished &&
    s.latestRecon.reverse.finished &&
    s.latestRecon.forward.startedAt > iso &&
    s.latestRecon.reverse.startedAt > iso;

/** A DrillResult whose figures keep their shape, so the behaviour test reads them typed. */
export interface MigrationFaultsResult extends DrillResult {
  figures: ReturnType<typeof figuresOf>;
}

export async function runMigrationFaults(options: Partial<Options> = {}): Promise<MigrationFaultsResult> {
  const o: Options = { ...DEFAULTS, ...options };
  const cleanup: (() => Promise<unknown>)[] = [];
  const clients: Redis[] = [];
  const writers: { current: Writers | null } = { current: null };
  try {
    const t = await startTopology(o, cleanup);
    return summarize(o, await drill(o, t, clients, writers));
  } finally {
    await writers.current?.stop().catch(() => undefined);
    for (const c of clients) c.disconnect();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

interface Steps {
  o: Options;
  t: Topology;
  id: string;
  applied(version: number): Promise<unknown>;
  status(): Promise<Status>;
  phasesMs: Record<string, number>;
}

async function drill(
  o: Options,
  t: Topology,
  clients: Redis[],
  writers: { current: Writers | null },
): Promise<Measured> {
  const phasesMs: Record<string, number> = {};
  let last = performance.now();
  const mark = (phase: string): void =>
    void ((phasesMs[phase] = round(performance.now() - last, 0) ?? 0), (last = performance.now()));
  const operator = t.api.as('operator');
  const old = track(clients, new Redis({ port: t.redis.old.port, maxRetriesPerRequest: 0 }));
  const fresh = track(clients, new Redis({ port: t.redis.new.port, maxRetriesPerRequest: 0 }));
  await preload(old, o.preload);
  const created = await operator.migrations.create({
    name: 'drill: code 1 to spare',
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    reason: 'migration-faults drill',
  });
  const s: Steps = {
    o,
    t,
    id: created.migration.id,
    phasesMs,
    applied: (version) =>
      waitUntil(
        async () => t.proxy.holder.current?.version ?? 0,
        (v) => v >= version,
        `proxy at v${version}`,
        o.timeoutMs,
      ),
    status: () => operator.migrations.status({ id: created.migration.id }),
  };
  await s.applied(created.version);
  mark('preload');
  const w = (writers.current = startWriters(o, () =>
    track(clients, new Redis({ port: t.proxy.port, username: 'demo', password: t.secret, maxRetriesPerRequest: 0 })),
  ));
  await sleep(o.upMs);
  await flap(t.redis.new, o.dualWriteFlaps, o);
  const outcomesAfterDualWrite = Object.fromEntries(t.proxy.compensation.outcomes);
  mark('dualWrite');
  const bf = await backfillWithFlaps(s);
  mark('backfill');
  const reconcileAt = new Date().toISOString();
  await s.applied(
    (await operator.migrations.advance({ id: s.id, to: 'RECONCILE', reason: 'drill: compare both sides' })).version,
  );
  await waitUntil(
    s.status,
    cleanRoundAfter(reconcileAt),
    'drained compensation and a clean forward + reverse round',
    o.timeoutMs,
  );
  const convergeMs = performance.now() - bf.lastFlap;
  mark('converge');
  await w.stop();
  const stoppedAt = new Date().toISOString();
  const final = await waitUntil(
    s.status,
    cleanRoundAfter(stoppedAt),
    'a clean round after the writers stopped',
    o.timeoutMs,
  );
  mark('finalRound');
  const diff = await compareAll(old, fresh);
  mark('independentCompare');
  const runs = (await t.api.as('viewer').recon.report({ id: s.id, limit: 500 })).runs.filter((r) => r.finished);
  return {
    writers: w,
    outcomes: Object.fromEntries(t.proxy.compensation.outcomes),
    outcomesAfterDualWrite,
    tasks: t.tasks,
    ...bf,
    convergeMs,
    final,
    runs,
    diff,
    phasesMs,
    keys: { old: await old.dbsize(), new: await fresh.dbsize() },
  };
}

/** Advances to BACKFILL and flaps the target while it copies; resolves once it is done. */
async function backfillWithFlaps(
  s: Steps,
): Promise<{ backfill: Status['backfill']; backfillMs: number; killsWhileBackfillRan: number; lastFlap: number }> {
  const started = performance.now();
  const toBackfill = await s.t.api
    .as('operator')
    .migrations.advance({ id: s.id, to: 'BACKFILL', reason: 'drill: copy existing keys' });
  await s.applied(toBackfill.version);
  // The migrator applying the version starts the job: flap at once, so the first down
  // window covers the rate limiter's second batch (the checkpoint in Postgres lags a batch).
  await waitUntil(
    async () => s.t.migrator.version ?? 0,
    (v) => v >= toBackfill.version,
    'migrator on BACKFILL',
    s.o.timeoutMs,
  );
  let killsWhileBackfillRan = 0;
  const lastFlap = await flap(s.t.redis.new, s.o.backfillFlaps, s.o, async () => {
    if (!(await s.status()).backfill.done) killsWhileBackfillRan++;
  });
  const done = await waitUntil(s.status, (x) => x.backfill.done, 'backfill done', s.o.timeoutMs);
  return { backfill: done.backfill, backfillMs: performance.now() - started, killsWhileBackfillRan, lastFlap };
}

interface Measured {
  writers: Writers;
  outcomes: Record<string, number>;
  outcomesAfterDualWrite: Record<string, number>;
  tasks: Map<string, number>;
  backfill: Status['backfill'];
  backfillMs: number;
  killsWhileBackfillRan: number;
  convergeMs: number;
  final: Status;
  runs: { repaired: number; unresolved: number; differing: number }[];
  diff: string[];
  phasesMs: Record<string, number>;
  keys: { old: number; new: number };
}

// The figures' shape is the JSON result file's: inferred, and exported through MigrationFaultsResult.
function figuresOf(o: Options, m: Measured) {
  const backfillRetries = m.tasks.get('backfill:task_failed') ?? 0;
  return {
    options: o,
    preloadedKeys: o.preload,
    preloadedOnlyTheBackfillCopies: backfillOnly(o),
    keysAtEnd: m.keys,
    writes: { ok: m.writers.ok, failed: m.writers.failed, samples: m.writers.samples },
    flaps: {
      dualWrite: o.dualWriteFlaps,
      backfill: o.backfillFlaps,
      killsWhileBackfillRan: m.killsWhileBackfillRan,
      downMs: o.downMs,
    },
    compensation: {
      proxyOutcomes: m.outcomes,
      proxyOutcomesAfterDualWrite: m.outcomesAfterDualWrite,
      deadLetters: m.final.compensation.dead,
    },
    backfill: {
      ...m.backfill,
      durationMs: round(m.backfillMs, 0),
      taskRetries: backfillRetries,
      resumed: backfillRetries > 0,
    },
    reconciliation: {
      rounds: m.runs.length,
      repaired: m.runs.reduce((n, r) => n + r.repaired, 0),
      differingSeen: m.runs.reduce((n, r) => n + r.differing, 0),
    },
    lastFlapToConvergedMs: round(m.convergeMs, 0),
    independentDifferences: m.diff.length,
    independentDiffSamples: m.diff.slice(0, 10),
    phasesMs: m.phasesMs,
  };
}

function summarize(o: Options, m: Measured): MigrationFaultsResult {
  const figures = figuresOf(o, m);
  const compensationWork = (m.outcomes.queued ?? 0) + (m.outcomes.retried ?? 0);
  const backfillRetries = figures.backfill.taskRetries;
  const expectations = new Expectations();
  expectations.check(
    m.writers.failed === 0,
    `${m.writers.failed} client writes failed (expected 0: the old instance never failed): ${m.writers.samples.join(' | ')}`,
  );
  expectations.check(
    compensationWork > 0,
    `the flaps produced no compensation work (outcomes ${JSON.stringify(m.outcomes)})`,
  );
  // Dual-writes reach the target first for the preloaded meetings the writers touch, so the
  // backfill skips those ("if absent") and never sees one they emptied. The keys of meetings
  // no writer touches reach the target only through the backfill: each is copied, or skipped
  // as present when a batch cut by a flap had restored it before failing (its counts are lost).
  const reached = m.backfill.copied + m.backfill.skipped;
  expectations.check(
    m.backfill.done && reached >= backfillOnly(o),
    `backfill not done, or it reached fewer than the ${backfillOnly(o)} keys only it can bring over: ${JSON.stringify(m.backfill)}`,
  );
  expectations.check(
    o.backfillFlaps === 0 || backfillRetries > 0,
    'no flap made the running backfill fail and resume (lower backfillKeysPerSecond or raise downMs)',
  );
  expectations.check(
    m.final.compensation.dead === 0,
    `${m.final.compensation.dead} compensation dead letters (expected 0)`,
  );
  expectations.check(
    m.diff.length === 0,
    `${m.diff.length} independent differences: ${m.diff.slice(0, 5).join(' | ')}`,
  );
  const table = [
    `preloaded keys on the source      ${o.preload} (keys at the end: old ${m.keys.old}, new ${m.keys.new})`,
    `client writes through the proxy   ${m.writers.ok} ok, ${m.writers.failed} failed (expected 0)`,
    `target flaps                      ${o.dualWriteFlaps} in DUAL_WRITE, ${o.backfillFlaps} in BACKFILL (${m.killsWhileBackfillRan} hit the running backfill), ${o.downMs} ms down each`,
    `proxy compensation outcomes       ${JSON.stringify(m.outcomes)}; dead letters ${m.final.compensation.dead} (expected 0)`,
    `backfill                          copied ${m.backfill.copied} + present ${m.backfill.skipped} of ${m.backfill.inScope} in scope (${backfillOnly(o)} only it can bring), ${round(m.backfillMs, 0)} ms, ${backfillRetries} task retries (resumed from the checkpoint)`,
    `reconciliation                    ${figures.reconciliation.rounds} finished passes, ${figures.reconciliation.repaired} keys repaired`,
    `last flap → converged             ${round(m.convergeMs, 0)} ms (compensation drained, clean forward + reverse)`,
    `independent differences           ${m.diff.length} (expected 0; compared in ${m.phasesMs.independentCompare} ms)`,
  ];
  return { figures, table, failed: expectations.failed };
}

if (isMain(import.meta.url)) {
  await runAsCli('migration-faults', () =>
    runMigrationFaults({
      preload: intFlag('preload', DEFAULTS.preload),
      writers: intFlag('writers', DEFAULTS.writers),
      meetings: intFlag('meetings', DEFAULTS.meetings),
      dualWriteFlaps: intFlag('dual-write-flaps', DEFAULTS.dualWriteFlaps),
      backfillFlaps: intFlag('backfill-flaps', DEFAULTS.backfillFlaps),
      downMs: intFlag('down-ms', DEFAULTS.downMs),
      upMs: intFlag('up-ms', DEFAULTS.upMs),
      backfillKeysPerSecond: intFlag('backfill-keys-per-second', DEFAULTS.backfillKeysPerSecond),
      timeoutMs: intFlag('timeout-ms', DEFAULTS.timeoutMs),
      maxOpsPerWriter: intFlag('max-ops-per-writer', DEFAULTS.maxOpsPerWriter),
    }),
  );
}
