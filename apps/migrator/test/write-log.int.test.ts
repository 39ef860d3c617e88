/**
 * The migrator runs write-log mirror sync (docs/MIRROR-MODES.md) for the published config:
 * code 6's gz mirror is in write-log mode in the demo config, so a logged key is copied from
 * the home to the mirror, the checker compares it once its entry is old enough, and the
 * heartbeat reports the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@switchyard/api/testing';
import { writeLogStream } from '@switchyard/core';
import { writeLogStatus } from '@switchyard/migration';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { startMigrator, type Migrator } from '../src/migrator.ts';

let api: TestApi;
let migrator: Migrator;
let servers: RedisProcess[];
const clients: Redis[] = [];
const connect = (r: RedisProcess): Redis => {
  const c = new Redis({ port: r.port });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  servers = await Promise.all([startRedis(), startRedis(), startRedis()]);
  const [home, mirror, control] = servers as [RedisProcess, RedisProcess, RedisProcess];
  api = await startTestApi({
    ports: { 'sh-enterprise': home.port, 'sh-enterprise-gz': mirror.port, control: control.port },
  });
  // checkAfterMs 0: the checker compares as soon as the redo applied an entry.
  const draft = await api.as('admin').draft.get();
  const snapshot = { ...draft.snapshot, writeLog: { maxLagSeconds: 5, maxLagEntries: 10_000, checkAfterMs: 0 } };
  await api.db.configVersion.create({
    data: {
      version: 2,
      snapshot: JSON.parse(JSON.stringify(snapshot)) as object,
      hash: 'test-2',
      author: 'test',
      reason: 'check at once',
    },
  });
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-wl',
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
  await Promise.all((servers ?? []).map((s) => s.stop()));
  await api?.stop();
});

describe('migrator write-log tasks', () => {
  it('copies logged keys to the write-log mirror, checks them, and reports the code in its heartbeat', async () => {
    const [home, mirror, control] = servers.map(connect) as [Redis, Redis, Redis];
    await home.set('wl:a', 'one', 'PX', 600_000);
    await home.hset('wl:b', 'f', 'v');
    await control.xadd(
      writeLogStream(6),
      '*',
      'k',
      'wl:a',
      'c',
      'SET',
      'k',
      'wl:b',
      'c',
      'HSET',
      'k',
      'wl:gone',
      'c',
      'DEL',
    );
    await mirror.set('wl:gone', 'stale');
    await waitUntil(
      () => mirror.get('wl:a'),
      (v) => v === 'one',
      'the redo copied wl:a',
      15_000,
    );
    expect(await mirror.hgetall('wl:b')).toEqual({ f: 'v' });
    expect(await mirror.pttl('wl:a')).toBeGreaterThan(500_000);
    await waitUntil(
      () => mirror.exists('wl:gone'),
      (n) => n === 0,
      'the redo deleted wl:gone',
      15_000,
    );
    const status = await waitUntil(
      () => writeLogStatus(control, 6),
      (s) => s.checkedKeys >= 3,
      'the checker compared the keys',
      15_000,
    );
    expect(status).toMatchObject({ entries: 0, differences: 0, unresolved: 0 });
    const fleet = await waitUntil(
      () => api.as('viewer').fleet.list(),
      (f) => JSON.stringify(f.workers.find((w) => w.name === 'migrator-wl')?.summary ?? {}).includes('"code":6'),
      'heartbeat with writeLog',
      20_000,
    );
    expect(fleet.workers.find((w) => w.name === 'migrator-wl')?.summary).toMatchObject({
      role: 'migrator',
      writeLog: [expect.objectContaining({ code: 6 })],
    });
  }, 60_000);
});
