/**
 * Heartbeat metrics on every database kind: 10 s bucketing, merging two heartbeats of one
 * bucket, retention pruning, and the dashboard queries (rates, region mapping, hot keys).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@switchyard/db/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { bucketStartOf, pruneMetrics, recordHeartbeatMetrics } from './metrics-service.ts';
import { dropsOverview, hotKeys, latencySeries, trafficSeries, windowOf } from './metrics-query-service.ts';

function summary(over: Record<string, unknown> = {}) {
  return {
    windowSec: 5,
    requests: 100,
    errors: 2,
    byCaller: { demo: 80, billing: 20 },
    byInstance: { 'gz-personal': { requests: 60, errors: 2 }, 'sh-enterprise': { requests: 40, errors: 0 } },
    latencyMs: { p50: 1.5, p99: 9 },
    drops: { callers: { demo: 3 }, keys: { '123': 4 } },
    cache: { hits: 30, misses: 10, staleServes: 1 },
    breakers: { 'gz-personal': 'closed' },
    hotKeys: [{ key: '123', qps: 50 }],
    bigKeys: [{ key: 'member_list_{123}', bytes: 200_000, command: 'HGETALL', direction: 'reply' }],
    inFlight: 3,
    ...over,
  };
}

describe.each(testDatabaseKinds())('metrics on $name', (kind) => {
  let api: TestApi;
  const t0 = new Date('2026-11-21T10:00:03.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  beforeAll(async () => {
    api = await startTestApi({ database: kind });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('aligns buckets to 10 s', () => {
    expect(bucketStartOf(new Date('2026-11-21T10:00:09.999Z')).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(bucketStartOf(new Date('2026-11-21T10:00:10.000Z')).toISOString()).toBe('2026-11-21T10:00:10.000Z');
  });

  it('merges two heartbeats of one bucket and opens a new row for the next bucket', async () => {
    const beat = (over: Record<string, unknown>) => ({ name: 'proxy-gz-1', region: 'gz', summary: summary(over) });
    expect(await recordHeartbeatMetrics(api.db, beat({}), { now: t0 })).toBe(true);
    await recordHeartbeatMetrics(
      api.db,
      beat({
        latencyMs: { p50: 1, p99: 20 },
        hotKeys: [
          { key: '123', qps: 70 },
          { key: '456', qps: 5 },
        ],
      }),
      { now: at(5_000) },
    );
    await recordHeartbeatMetrics(api.db, beat({}), { now: at(7_000) });
    const rows = await api.db.metricBucket.findMany({
      where: { worker: 'proxy-gz-1' },
      orderBy: { bucketStart: 'asc' },
    });
    expect(rows.map((r) => [r.bucketStart.toISOString(), r.beats, r.requests])).toEqual([
      ['2026-11-21T10:00:00.000Z', 2, 200],
      ['2026-11-21T10:00:10.000Z', 1, 100],
    ]);
    const first = rows[0]!;
    expect([first.errors, first.p50, first.p99, first.drops, first.cacheHits]).toEqual([4, 1.5, 20, 14, 60]);
    expect(first.byCaller).toEqual({ demo: 160, billing: 40 });
    expect(first.byInstance).toEqual({
      'gz-personal': { requests: 120, errors: 4 },
      'sh-enterprise': { requests: 80, errors: 0 },
    });
    expect(first.hotKeys).toEqual([
      { key: '123', qps: 70 },
      { key: '456', qps: 5 },
    ]);
  });

  it('ignores a heartbeat without a metrics summary', async () => {
    expect(
      await recordHeartbeatMetrics(api.db, { name: 'old', region: 'gz', summary: { recon: {} } }, { now: t0 }),
    ).toBe(false);
    expect(await recordHeartbeatMetrics(api.db, { name: 'old', region: 'gz' }, { now: t0 })).toBe(false);
    expect(await api.db.metricBucket.count({ where: { worker: 'old' } })).toBe(0);
  });

  it('reports rates per second by caller and by the serving instance region', async () => {
    const now = at(15_000);
    const byCaller = await trafficSeries(api.db, 60, 'caller', now);
    expect(byCaller.stepSec).toBe(10);
    expect(byCaller.series).toEqual(['billing', 'demo']);
    const point = byCaller.points.find((p) => p.t === Date.parse('2026-11-21T10:00:00.000Z'));
    expect(point?.values).toEqual({ billing: 4, demo: 16 });
    const byRegion = await trafficSeries(api.db, 60, 'region', now);
    expect(byRegion.series).toEqual(['gz', 'sh']);
    expect(byRegion.points.find((p) => p.t === point?.t)?.values).toEqual({ gz: 12, sh: 8 });
    // The bucket still filling is left out.
    expect((await trafficSeries(api.db, 60, 'caller', at(5_000))).points.at(-1)?.t).toBe(
      Date.parse('2026-11-21T09:59:50.000Z'),
    );
    // Dense: every step of the window is present, empty ones as 0.
    expect(byRegion.points).toHaveLength(windowOf(60, now).lastStep - windowOf(60, now).firstStep + 1);
  });

  it('weights p50 by requests and keeps the worst p99 across workers', async () => {
    await recordHeartbeatMetrics(
      api.db,
      { name: 'proxy-sh-1', region: 'sh', summary: summary({ requests: 300, latencyMs: { p50: 3.5, p99: 40 } }) },
      { now: t0 },
    );
    const latency = await latencySeries(api.db, 60, at(15_000));
    const point = latency.points.find((p) => p.t === Date.parse('2026-11-21T10:00:00.000Z'));
    expect(point?.values).toEqual({ p50: 2.7, p99: 40 }); // (200 × 1.5 + 300 × 3.5) / 500;
  });

  it('sums drops per caller and key, and hot keys across workers', async () => {
    const drops = await dropsOverview(api.db, 60, at(15_000));
    expect(drops.reported).toBe(true);
    expect(drops.callers).toEqual({ demo: 12 });
    expect(drops.keys).toEqual({ '123': 16 });
    const hot = await hotKeys(api.db, 60, 10, at(15_000));
    expect(hot[0]).toMatchObject({ key: '123', qps: 120, keyType: 'meeting_info', cacheTier: 'none' });
  });

  it('prunes buckets older than the retention', async () => {
    await recordHeartbeatMetrics(
      api.db,
      { name: 'proxy-gz-1', region: 'gz', summary: summary() },
      { now: new Date(t0.getTime() - 8 * 86_400_000) },
    );
    expect(await api.db.metricBucket.count()).toBe(4);
    expect(await pruneMetrics(api.db, 7, at(15_000))).toBe(1);
    expect(await api.db.metricBucket.count()).toBe(3);
    expect(await pruneMetrics(api.db, 7, at(15_000))).toBe(0);
  });
});
