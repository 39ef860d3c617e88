/**
 * Canary publish end to end on a real database (issue 18): the version goes to one worker per
 * region over the real config poll, the rest keep the stable version; an injected error rate
 * on the canaries reverts it (the scheduler loop republishes the stable config), a healthy
 * canary is promoted to the fleet, and a newer publish supersedes a watched canary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { startRequestScheduler } from '../approvals/request-runner.ts';
import { pollConfig } from '../config-poll-service.ts';
import { recordHeartbeat } from '../fleet-service.ts';
import { recordHeartbeatMetrics } from '../metrics-service.ts';
import { watchCanaries } from './canary-watch.ts';

let api: TestApi;
const WORKERS = [
  ['proxy-gz-1', 'gz'],
  ['proxy-gz-2', 'gz'],
  ['proxy-sh-1', 'sh'],
  ['proxy-sh-2', 'sh'],
] as const;

async function beatAll(version: number): Promise<void> {
  for (const [name, region] of WORKERS)
    await recordHeartbeat(api.db, {
      name,
      region,
      appliedVersion: version,
      startedAt: new Date().toISOString(),
      uptimeSec: 5,
    });
}

function summary(requests: number, errors: number, p99 = 2) {
  return {
    windowSec: 5,
    requests,
    errors,
    byCaller: { demo: requests },
    byInstance: {},
    latencyMs: { p50: 1, p99 },
    drops: { callers: {}, keys: {} },
    cache: { hits: 0, misses: 0, staleServes: 0 },
    breakers: {},
    hotKeys: [],
    bigKeys: [],
    inFlight: 0,
  };
}

/** Heartbeat metrics: canaries (the first worker of each region) with `canaryErrors` errors per 100 requests. */
async function traffic(canaryErrors: number): Promise<void> {
  for (const [name, region] of WORKERS) {
    const canary = name.endsWith('-1');
    await recordHeartbeatMetrics(api.db, { name, region, summary: summary(100, canary ? canaryErrors : 1) });
  }
}

const served = async (worker: string, after: number) =>
  (await pollConfig(api.db, after, { timeoutMs: 0, recheckMs: 1000, worker }))?.version ?? after;

async function editAndPublish(watchSeconds: number, label: string) {
  const draft = await api.as('admin').draft.get();
  const edit = await api
    .as('admin')
    .regions.upsert({ expectedRevision: draft.revision, region: { name: 'gz', label } });
  return api
    .as('admin')
    .draft.publish({ expectedRevision: edit.revision, reason: `canary ${label}`, canary: { watchSeconds } });
}

beforeAll(async () => {
  api = await startTestApi();
  await beatAll(1);
});
afterAll(async () => api?.stop());

describe('canary publish', () => {
  it('serves the new version to one worker per region only, and shows the canary in fleet.list', async () => {
    const published = await editAndPublish(600, 'Guangzhou A');
    expect(await served('proxy-gz-1', 1)).toBe(published.version);
    expect(await served('proxy-sh-1', 1)).toBe(published.version);
    expect(await served('proxy-gz-2', 1)).toBe(1);
    expect(await served('proxy-sh-2', 1)).toBe(1);
    const fleet = await api.as('viewer').fleet.list();
    expect(fleet.canary).toMatchObject({
      version: published.version,
      stableVersion: 1,
      state: 'watching',
      workers: ['proxy-gz-1', 'proxy-sh-1'],
    });
  });

  it('reverts the canaries on an injected error rate: the stable config is republished, and the time is measured', async () => {
    const start = Date.now();
    const canary = (await api.as('viewer').fleet.list()).canary!;
    const scheduler = startRequestScheduler(api.deps, 100);
    await traffic(30);
    const deadline = Date.now() + 10_000;
    while (
      (await api.db.canary.findUniqueOrThrow({ where: { version: canary.version } })).state === 'watching' &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 20));
    const revertMs = Date.now() - start;
    await scheduler.stop();
    const row = await api.db.canary.findUniqueOrThrow({ where: { version: canary.version } });
    expect(row.state).toBe('reverted');
    expect(row.verdict).toContain('error rate 30% vs 1% on the rest');
    const revert = await api.db.configVersion.findUniqueOrThrow({ where: { version: row.revertVersion! } });
    const stable = await api.db.configVersion.findUniqueOrThrow({ where: { version: 1 } });
    expect(revert.hash).toBe(stable.hash);
    expect(await served('proxy-gz-1', canary.version)).toBe(revert.version);
    expect(await served('proxy-gz-2', 1)).toBe(revert.version);
    expect(await api.db.auditEntry.count({ where: { action: 'canary.revert' } })).toBe(1);
    // The figure for the note: heartbeat metrics of a bad canary in → stable config republished (loop every 100 ms).
    console.log(JSON.stringify({ bench: 'canary-revert', revertMs, loopMs: 100 }));
  });

  it('promotes a healthy canary to the whole fleet after the watch', async () => {
    await beatAll(await api.db.configVersion.count());
    // Buckets are 10 s: the bad canary's errors would still be in the bucket this one starts in.
    await api.db.metricBucket.deleteMany({});
    const published = await editAndPublish(1, 'Guangzhou B');
    await traffic(1);
    expect(await served('proxy-gz-2', 1)).not.toBe(published.version);
    expect(await watchCanaries(api.deps, new Date())).toEqual([]);
    expect(await watchCanaries(api.deps, new Date(Date.now() + 2_000))).toEqual([
      { version: published.version, outcome: 'promoted' },
    ]);
    expect(await served('proxy-gz-2', 1)).toBe(published.version);
    expect(await served('proxy-sh-2', 1)).toBe(published.version);
  });

  it('is superseded by a newer publish (emergency changes skip the canary), and refuses without a fleet to compare', async () => {
    const published = await editAndPublish(600, 'Guangzhou C');
    await api.as('operator').degradation.setKey({ key: 'hot:1', ratio: 0.1, reason: 'urgent', expiresInMinutes: 5 });
    expect(await watchCanaries(api.deps)).toEqual([{ version: published.version, outcome: 'superseded' }]);
    expect((await api.db.canary.findUniqueOrThrow({ where: { version: published.version } })).verdict).toContain(
      'skip the canary',
    );
    await api.db.worker.deleteMany({});
    await expect(editAndPublish(60, 'Guangzhou D')).rejects.toMatchObject({ apiCode: 'CANARY_REFUSED' });
  });
});
