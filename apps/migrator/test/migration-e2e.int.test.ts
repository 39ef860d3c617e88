/**
 * End to end through the proxy (DESIGN §7): a migration of code 1 from gz-personal to spare,
 * driven through the API (real PostgreSQL), published to an in-process proxy that polls the
 * API over HTTP, with the migrator worker in-process. Several clients write THROUGH THE PROXY
 * while the target is killed and restarted in DUAL_WRITE; once compensation and
 * reconciliation have finished, an independent full comparison finds zero differences.
 * Then the phases run to DONE (guard rails included) with the rollback drill on the way
 * (stop dual-write 50% under writes → roll back → new→old reconciliation → zero differences),
 * and the console's state (events, runs, audit) is checked.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TMigrationPhase } from '@switchyard/core';
import { startApiServer, startTestApi, WORKER_TOKEN, type ApiServer, type TestApi } from '@switchyard/api/testing';
import { startPostgres, type RunningPostgres } from '@switchyard/db/testing';
import { startProxy, type ProxyHandle } from '@switchyard/proxy';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { independentDiff } from '../../../packages/migration/src/test-support/independent-compare.ts';
import { code1Meeting, mixedWrite, rng } from '../../../packages/migration/src/test-support/mixed-writes.ts';
import { startMigrator, type Migrator } from '../src/migrator.ts';

const WRITERS = 4;
const OPS = 250;
const MEETINGS = 16;
const PRELOADED = 150;

let redis: Record<'old' | 'new' | 'control' | 'mirror', RedisProcess>;
let pg: RunningPostgres;
let api: TestApi;
let server: ApiServer;
let proxy: ProxyHandle;
let migrator: Migrator;
let secret: string;
const clients: Redis[] = [];

const direct = (r: RedisProcess): Redis => track(new Redis({ port: r.port, maxRetriesPerRequest: 0 }));
function track(r: Redis): Redis {
  r.on('error', () => undefined);
  clients.push(r);
  return r;
}

const applied = (version: number) =>
  waitUntil(
    async () => proxy.holder.current?.version ?? 0,
    (v) => v >= version,
    `proxy at version ${version}`,
  );

beforeAll(async () => {
  const [o, n, c] = await Promise.all([
    startRedis(),
    startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] }),
    startRedis(),
  ]);
  // Code 1's mirror in sh: DONE relinks it to the target before it is allowed (issue 15).
  const m = await startRedis({ replicaOf: { host: '127.0.0.1', port: o.port } });
  redis = { old: o, new: n, control: c, mirror: m };
  pg = await startPostgres();
  api = await startTestApi({
    databaseUrl: pg.url,
    ports: { 'gz-personal': o.port, spare: n.port, control: c.port, 'gz-personal-sh': m.port },
  });
  // The fixture's caller hash has no known secret: rotate it and publish, as an admin would.
  const admin = api.as('admin');
  const draft = await admin.draft.get();
  const rotated = await admin.callers.rotateSecret({ expectedRevision: draft.revision, name: 'demo' });
  secret = rotated.secret;
  await admin.draft.publish({ expectedRevision: rotated.revision, reason: 'test secret' });
  server = await startApiServer(api.deps);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-migrator-e2e-'));
  proxy = await startProxy({
    PROXY_PORT: 0,
    CONSOLE_URL: server.url,
    WORKER_TOKEN,
    LKG_PATH: path.join(dir, 'lkg.json'),
    SHUTDOWN_GRACE_MS: 1000,
    BACKEND_TIMEOUT_MS: 1000,
    BACKEND_CONNECT_TIMEOUT_MS: 500,
    logger: { log: () => undefined },
  });
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-test',
    controlInstance: 'control',
    pollMs: 200,
    backfillKeysPerSecond: 100_000,
    reconKeysPerSecond: 100_000,
    recheckDelayMs: 300,
    reconIntervalMs: 500,
    compMaxAttempts: 40,
    compBackoffBaseMs: 100,
    compBackoffMaxMs: 400,
    retryMs: 200,
  });
}, 120_000);

afterAll(async () => {
  await migrator?.stop();
  for (const c of clients) c.disconnect();
  await proxy?.close();
  await server?.close();
  await api?.stop();
  await pg?.stop();
  await Promise.all(Object.values(redis ?? {}).map((r) => r.stop()));
}, 60_000);

const oneOp = (c: Redis, r: () => number, writer: number, op: number): Promise<void> =>
  mixedWrite(c, r, code1Meeting(Math.floor(r() * MEETINGS)), `w${writer}-${op}`);

/** Bounded concurrent writes through the proxy; returns how many failed. */
async function writeThroughProxy(seed: number, ops: number): Promise<void> {
  let failed = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, i) => {
      const c = track(new Redis({ port: proxy.port, username: 'demo', password: secret, maxRetriesPerRequest: 0 }));
      const r = rng(seed + i);
      for (let op = 0; op < ops; op++) await oneOp(c, r, i, op).catch(() => failed++);
      c.disconnect();
    }),
  );
  expect(failed).toBe(0);
}

it('migrates under live writes through the proxy with a target crash, converges to zero differences, and runs to DONE', async () => {
  const operator = api.as('operator');
  const old = direct(redis.old);
  const fresh = direct(redis.new);
  // Keys that exist before the migration: only the backfill can bring them over.
  for (let i = 0; i < PRELOADED; i++) await old.set(`stable_${code1Meeting(100 + i)}`, `pre-${i}`, 'EX', 3600);

  const created = await operator.migrations.create({
    name: 'code 1 to spare',
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    reason: 'e2e test',
  });
  const id = created.migration.id;
  expect(created.migration.phase).toBe('DUAL_WRITE');
  await applied(created.version);
  expect(proxy.holder.current?.compiled.snapshot.migrations.map((m) => m.id)).toEqual([id]);

  let done = 0;
  let errors = 0;
  const crash = (async () => {
    await waitUntil(
      async () => done,
      (d) => d >= (WRITERS * OPS) / 4,
      'a quarter of the writes',
    );
    await redis.new.kill();
    await waitUntil(
      async () => done,
      (d) => d >= (WRITERS * OPS) / 2,
      'half of the writes',
    );
    await redis.new.restart();
  })();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, i) => {
      const c = track(new Redis({ port: proxy.port, username: 'demo', password: secret, maxRetriesPerRequest: 0 }));
      const r = rng(7000 + i);
      for (let op = 0; op < OPS; op++) {
        await oneOp(c, r, i, op).catch(() => errors++);
        done++;
        if (op % 10 === 0) await new Promise((res) => setTimeout(res, 2));
      }
    }),
  );
  await crash;
  // The old instance never failed: every client write succeeded.
  expect(errors).toBe(0);
  // The crash opened the proxy's breaker for the target, which closes through a half-open probe
  // from live traffic. On a loaded box the restart can end after the writers stopped: the breaker
  // then stays open with no traffic, and the first burst of concurrent writers (the rollback
  // drill below, with the target first) loses all but the probe to "circuit open". Live traffic
  // would have probed it long before: send writes one at a time (each must succeed, the old
  // instance is the primary) until the target's breaker has closed.
  const prober = track(new Redis({ port: proxy.port, username: 'demo', password: secret, maxRetriesPerRequest: 0 }));
  let probes = 0;
  let probeErrors = 0;
  await waitUntil(
    async () => {
      await prober.set(`stable_${code1Meeting(99)}`, String(++probes), 'EX', 3600).catch(() => probeErrors++);
      return proxy.ctx.guard.breakers.states().spare;
    },
    (state) => state === 'closed',
    "the target's breaker closed after its restart",
  );
  expect(probeErrors).toBe(0);
  // The crash really made secondary writes fail and go to the engine.
  expect(
    [...proxy.compensation.outcomes.entries()].some(([k, n]) => (k === 'queued' || k === 'retried') && n > 0),
  ).toBe(true);

  const backfill = await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy existing keys' });
  await applied(backfill.version);
  const afterBackfill = await waitUntil(
    () => operator.migrations.status({ id }),
    (s) => s.backfill.done,
    'backfill done',
  );
  expect(afterBackfill.backfill.copied).toBeGreaterThanOrEqual(PRELOADED);

  const reconcile = await operator.migrations.advance({ id, to: 'RECONCILE', reason: 'compare both sides' });
  await applied(reconcile.version);
  const settled = await waitUntil(
    () => operator.migrations.status({ id }),
    (s) =>
      s.compensation.reachable &&
      s.compensation.queued === 0 &&
      s.latestRecon.forward !== null &&
      s.latestRecon.reverse !== null &&
      s.latestRecon.unresolved === 0,
    'compensation drained and a clean forward + reverse reconciliation',
  );
  expect(settled.compensation.dead).toBe(0);
  // The independent comparison (plain SCAN + per-type reads, no engine code).
  expect(await independentDiff(old, fresh)).toEqual([]);

  // Phases through the API; each one reaches the proxy.
  await expect(
    operator.migrations.advance({ id, to: 'WRITE_ORDER_SWITCH', reason: 'skip gray read' }),
  ).rejects.toMatchObject({ message: expect.stringContaining('phases advance one at a time') });
  // The cutover gate: every forward step from GRAY_READ on needs a clean forward and reverse
  // run that started after the previous step; the migrator starts one at each step.
  let lastStep = Date.now();
  const cleanRoundSince = (since: number) =>
    waitUntil(
      () => operator.migrations.status({ id }),
      (s) =>
        s.compensation.queued === 0 &&
        s.latestRecon.unresolved === 0 &&
        [s.latestRecon.forward, s.latestRecon.reverse].every(
          (r) => r !== null && r.finished && Date.parse(r.startedAt) >= since,
        ),
      'a clean reconciliation round since the last step',
    );
  const step = async (kind: 'advance' | 'rollback', to: TMigrationPhase, percent?: number) => {
    if (kind === 'advance') await cleanRoundSince(lastStep);
    const r = await operator.migrations[kind]({
      id,
      to,
      ...(percent === undefined ? {} : { percent }),
      confirm: 'code 1 to spare',
      reason: `${kind} to ${to}`,
    });
    lastStep = Date.now();
    await applied(r.version);
    expect(proxy.holder.current?.compiled.snapshot.migrations.find((m) => m.id === id)?.phase).toBe(to);
    return r;
  };
  await step('advance', 'GRAY_READ', 50);
  await step('advance', 'GRAY_READ', 100);
  await step('advance', 'WRITE_ORDER_SWITCH');
  await step('advance', 'STOP_DUAL_WRITE', 50);
  // Rollback drill: half the meetings stopped writing old; roll back, dual-write again, and
  // the new→old reconciliation (truth: new) brings old back to zero differences.
  await writeThroughProxy(8000, 120);
  const back = await step('rollback', 'WRITE_ORDER_SWITCH');
  expect(back.effects.join(' ')).toContain('reconcile new→old');
  const rolledBackAt = new Date().toISOString();
  await writeThroughProxy(9000, 60);
  const drill = await waitUntil(
    () => operator.migrations.status({ id }),
    (s) =>
      s.compensation.queued === 0 &&
      (s.latestRecon.reverse?.startedAt ?? '') > rolledBackAt &&
      (s.latestRecon.forward?.startedAt ?? '') > rolledBackAt &&
      s.latestRecon.unresolved === 0,
    'a clean reconciliation round after the rollback',
  );
  expect(drill.latestRecon.reverse?.truth).toBe('new');
  expect(await independentDiff(old, fresh)).toEqual([]);
  await step('advance', 'STOP_DUAL_WRITE', 50);
  await step('advance', 'STOP_DUAL_WRITE', 100);
  // Back across the write-order switch: the old instance is the truth again.
  await step('rollback', 'GRAY_READ');
  await step('advance', 'WRITE_ORDER_SWITCH');
  await step('advance', 'STOP_DUAL_WRITE', 100);
  await step('advance', 'DONE');

  const final = await operator.migrations.status({ id });
  expect(final.phase).toBe('DONE');
  // DONE made spare the code's home, and the sh mirror now copies it.
  expect(await direct(redis.mirror).info('replication')).toContain(`master_port:${redis.new.port}`);
  expect(final.events.map((e) => e.toPhase)).toEqual([
    'DUAL_WRITE',
    'BACKFILL',
    'RECONCILE',
    'GRAY_READ',
    'GRAY_READ',
    'WRITE_ORDER_SWITCH',
    'STOP_DUAL_WRITE',
    'WRITE_ORDER_SWITCH',
    'STOP_DUAL_WRITE',
    'STOP_DUAL_WRITE',
    'GRAY_READ',
    'WRITE_ORDER_SWITCH',
    'STOP_DUAL_WRITE',
    'DONE',
  ]);
  const report = await api.as('viewer').recon.report({ id });
  expect(report.runs.length).toBeGreaterThanOrEqual(2);
  expect(report.runs.map((r) => r.startedAt)).toEqual([...report.runs.map((r) => r.startedAt)].sort().reverse());
  const audit = await api.db.auditEntry.findMany({ where: { action: { startsWith: 'migrations.' }, outcome: 'ok' } });
  expect(audit.length).toBe(14);
}, 180_000);
