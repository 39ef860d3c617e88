/**
 * Write-log lag notifications from the real migrator (issue 17 §1): the mirror stops taking
 * writes (CLIENT PAUSE WRITE on a real redis-server), the redo's entry stays pending past
 * maxLagSeconds, and one `writelog.lag` (critical, state over) reaches the webhook; when the
 * pause ends the redo catches up and exactly one recovery (info) follows. Edge-triggered:
 * however many checker passes see the lag, the episode is broadcast once.
 */
import { deliverDue } from '@switchyard/api';
import { startTestApi, type TestApi } from '@switchyard/api/testing';
import { writeLogStream } from '@switchyard/core';
import {
  startRedis,
  startWebhookReceiver,
  waitUntil,
  type RedisProcess,
  type WebhookReceiver,
} from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMigrator, type Migrator } from '../src/migrator.ts';
import { writeLogLagAlertKey } from '../src/write-log-tasks.ts';

let api: TestApi;
let migrator: Migrator;
let servers: RedisProcess[];
let receiver: WebhookReceiver;
const clients: Redis[] = [];
const connect = (r: RedisProcess): Redis => {
  const c = new Redis({ port: r.port });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  servers = await Promise.all([startRedis(), startRedis(), startRedis()]);
  const [home, mirror, control] = servers as [RedisProcess, RedisProcess, RedisProcess];
  receiver = await startWebhookReceiver();
  api = await startTestApi({
    ports: { 'sh-enterprise': home.port, 'sh-enterprise-gz': mirror.port, control: control.port },
  });
  // A 1 s lag threshold, so a 4 s pause of the mirror is an episode.
  const draft = await api.as('admin').draft.get();
  const snapshot = { ...draft.snapshot, writeLog: { maxLagSeconds: 1, maxLagEntries: 10_000, checkAfterMs: 0 } };
  await api.db.configVersion.create({
    data: {
      version: 2,
      snapshot: JSON.parse(JSON.stringify(snapshot)) as object,
      hash: 'test-2',
      author: 'test',
      reason: 'low lag threshold',
    },
  });
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-wl-lag',
    controlInstance: 'control',
    pollMs: 100,
    backfillKeysPerSecond: 1000,
    reconKeysPerSecond: 1000,
    recheckDelayMs: 0,
    reconIntervalMs: 60_000,
    compMaxAttempts: 1,
    compBackoffBaseMs: 10,
    compBackoffMaxMs: 10,
    retryMs: 100,
    writeLogCheckIntervalMs: 200,
    writeLogClaimIdleMs: 500,
  });
}, 60_000);
afterAll(async () => {
  await migrator?.stop();
  clients.forEach((c) => c.disconnect());
  await receiver?.close();
  await Promise.all((servers ?? []).map((s) => s.stop()));
  await api?.stop();
});

type Body = { type: string; severity: string; fields: Record<string, unknown> };
const lagBodies = (): Body[] =>
  receiver.received
    .filter((r) => r.status === 200)
    .map((r) => r.body as Body)
    .filter((b) => b.type === 'writelog.lag');

it('broadcasts a write-log mirror lagging over its threshold once, then its recovery once', async () => {
  await api.as('admin').notifications.upsert({
    name: 'lag',
    url: receiver.url,
    format: 'json',
    events: ['writelog.lag'],
    reason: 'write-log lag',
  });
  const [home, mirror, control] = servers.map(connect) as [Redis, Redis, Redis];
  await home.set('wl:first', 'one');
  await control.xadd(writeLogStream(6), '*', 'k', 'wl:first', 'c', 'SET');
  await waitUntil(
    () => mirror.get('wl:first'),
    (v) => v === 'one',
    'the redo runs',
    15_000,
  );
  await deliverDue(api.db);
  expect(lagBodies()).toEqual([]);

  await mirror.call('CLIENT', 'PAUSE', '4000', 'WRITE');
  await home.set('wl:late', 'two');
  await control.xadd(writeLogStream(6), '*', 'k', 'wl:late', 'c', 'SET');
  const over = await waitUntil(
    async () => {
      await deliverDue(api.db);
      return lagBodies();
    },
    (l) => l.length >= 1,
    'the lag broadcast',
    15_000,
  );
  expect(over[0]).toMatchObject({
    severity: 'critical',
    fields: { code: 6, state: 'over', home: 'sh-enterprise', mirrors: 'sh-enterprise-gz', maxLagSeconds: 1 },
  });
  expect(Number(over[0]!.fields.lagSeconds)).toBeGreaterThan(1);
  expect(await control.exists(writeLogLagAlertKey(6))).toBe(1);

  const all = await waitUntil(
    async () => {
      await deliverDue(api.db);
      return lagBodies();
    },
    (l) => l.length >= 2,
    'the recovery broadcast',
    20_000,
  );
  expect(await mirror.get('wl:late')).toBe('two');
  expect(all.map((b) => [b.severity, b.fields.state])).toEqual([
    ['critical', 'over'],
    ['info', 'recovered'],
  ]);
  expect(await control.exists(writeLogLagAlertKey(6))).toBe(0);
  // Several more checker passes under the threshold: no further notice.
  await new Promise((r) => setTimeout(r, 1_000));
  await deliverDue(api.db);
  expect(lagBodies()).toHaveLength(2);
}, 60_000);

it('closes an open lag episode when the code stops being a write-log mirror', async () => {
  const control = connect(servers[2]!);
  await control.set(writeLogLagAlertKey(6), 'open');
  const draft = await api.as('admin').draft.get();
  const codes = draft.snapshot.codes.map((c) => (c.code === 6 ? { ...c, mirrorModes: {} } : c));
  const snapshot = { ...draft.snapshot, codes, writeLog: { maxLagSeconds: 1, maxLagEntries: 10_000, checkAfterMs: 0 } };
  await api.db.configVersion.create({
    data: {
      version: 3,
      snapshot: JSON.parse(JSON.stringify(snapshot)) as object,
      hash: 'test-3',
      author: 'test',
      reason: 'replicaof again',
    },
  });
  await waitUntil(
    () => control.exists(writeLogLagAlertKey(6)),
    (n) => n === 0,
    'the episode marker removed',
    15_000,
  );
}, 30_000);
