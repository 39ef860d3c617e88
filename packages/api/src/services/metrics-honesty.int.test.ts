/**
 * Issue 16 defects 2 and 3: dashboards say what happened. Requests the proxy dropped are
 * reported under the instance '-' and are neither backend errors nor a region's traffic; a
 * key drop rule that has expired is no longer shown as active in the hot-key table; a key
 * drop rule for a key no key type matches is published with a warning (defect 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { recordHeartbeatMetrics } from './metrics-service.ts';
import { errorsByInstanceSeries, hotKeys, trafficSeries } from './metrics-query-service.ts';

let api: TestApi;
const t0 = new Date(Math.floor(Date.now() / 10_000) * 10_000 + 3_000);
const at = (ms: number) => new Date(t0.getTime() + ms);

const summary = {
  windowSec: 5,
  requests: 100,
  errors: 30,
  byCaller: { demo: 100 },
  // 25 requests were dropped by a degradation rule: no backend saw them.
  byInstance: { 'gz-personal': { requests: 75, errors: 5 }, '-': { requests: 25, errors: 25 } },
  latencyMs: { p50: 1, p99: 2 },
  drops: { callers: {}, keys: { '123': 25 } },
  cache: { hits: 0, misses: 0, staleServes: 0 },
  breakers: {},
  hotKeys: [{ key: '123', qps: 50 }],
  bigKeys: [],
  inFlight: 0,
};

beforeAll(async () => {
  api = await startTestApi();
  await recordHeartbeatMetrics(api.db, { name: 'proxy-gz-1', region: 'gz', summary }, { now: t0 });
}, 60_000);
afterAll(async () => {
  await api?.stop();
});

describe('dashboard honesty', () => {
  it('keeps dropped requests out of "Errors by instance" and "Traffic by region"', async () => {
    const errors = await errorsByInstanceSeries(api.db, 60, at(15_000));
    expect(errors.series).toEqual(['gz-personal']);
    const byRegion = await trafficSeries(api.db, 60, 'region', at(15_000));
    expect(byRegion.series).not.toContain('unknown');
    const point = byRegion.points.find((p) => p.values['gz'] !== 0);
    expect(point?.values).toEqual({ gz: 7.5, sh: 0 });
  });

  it('shows a key drop rule in the hot-key table only until it expires', async () => {
    await api.as('admin').degradation.setKey({ key: '123', ratio: 0.4, expiresInMinutes: 1, reason: 'hot key' });
    const before = await hotKeys(api.db, 600, 10, at(30_000));
    expect(before[0]).toMatchObject({ key: '123', dropRatio: 0.4 });
    const after = await hotKeys(api.db, 600, 10, at(5 * 60_000));
    expect(after[0]).toMatchObject({ key: '123', dropRatio: null });
  });

  it('warns when a key drop rule names a key no key type matches, and not otherwise', async () => {
    const typo = await api
      .as('operator')
      .degradation.setKey({ key: 'stabel_123', ratio: 0.5, expiresInMinutes: 10, reason: 'hot key typo' });
    expect(typo.warning).toMatch(/matches no key type/);
    const fine = await api
      .as('operator')
      .degradation.setKey({ key: 'stable_123', ratio: 0.5, expiresInMinutes: 10, reason: 'hot key' });
    expect(fine.warning).toBeUndefined();
  });
});
