/** Issue 16: the Fleet page lists the migrator worker with the config version it applied. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@switchyard/api/testing';
import { waitUntil } from '@switchyard/stack/harness';
import { startMigrator, type Migrator } from '../src/migrator.ts';

let api: TestApi;
let migrator: Migrator;

beforeAll(async () => {
  api = await startTestApi();
  migrator = await startMigrator({
    db: api.db,
    name: 'migrator-fleet',
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
  });
}, 60_000);
afterAll(async () => {
  await migrator?.stop();
  await api?.stop();
});

describe('migrator heartbeat', () => {
  it('appears in fleet.list as a live migrator with its applied version, and follows a publish', async () => {
    const fleet = await waitUntil(
      () => api.as('viewer').fleet.list(),
      (f) => f.workers.some((w) => w.name === 'migrator-fleet'),
      'the migrator heartbeat',
      15_000,
    );
    const row = fleet.workers.find((w) => w.name === 'migrator-fleet');
    expect(row).toMatchObject({ region: 'all', appliedVersion: 1, live: true, summary: { role: 'migrator' } });
    expect(fleet.convergence).toMatchObject({ publishedVersion: 1, converged: true });

    await api
      .as('operator')
      .degradation.setKey({ key: 'stable_1', ratio: 0.1, expiresInMinutes: 5, reason: 'version 2' });
    const after = await waitUntil(
      () => api.as('viewer').fleet.list(),
      (f) => f.workers.find((w) => w.name === 'migrator-fleet')?.appliedVersion === 2,
      'the migrator reports version 2',
      20_000,
    );
    expect(after.convergence).toMatchObject({ publishedVersion: 2, converged: true, stragglers: [] });
  });
});
