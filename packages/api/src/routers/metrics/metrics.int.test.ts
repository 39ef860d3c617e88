/**
 * The metrics router through createCaller, fed through the real heartbeat HTTP handler
 * (so the one-line ingest hook is covered): viewers read, no session is UNAUTHORIZED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../index.ts';
import { createContext } from '../../context.ts';
import { handleHeartbeat } from '../../http/handlers.ts';
import { startTestApi, WORKER_TOKEN, type TestApi } from '../../testing/test-api.ts';

const summary = {
  windowSec: 5,
  requests: 50,
  errors: 5,
  byCaller: { demo: 50 },
  byInstance: { 'gz-personal': { requests: 30, errors: 5 }, 'sh-personal': { requests: 20, errors: 0 } },
  latencyMs: { p50: 2, p99: 8 },
  drops: { callers: { demo: 1 }, keys: { '42': 2 } },
  cache: { hits: 9, misses: 1, staleServes: 0 },
  breakers: {},
  hotKeys: [{ key: 'stable_42', qps: 30 }],
  bigKeys: [{ key: 'member_list_{42}', bytes: 70_000, command: 'HGETALL', direction: 'reply' }],
  inFlight: 1,
};

describe('metrics router', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    const beat = {
      name: 'proxy-gz-1',
      region: 'gz',
      appliedVersion: 1,
      startedAt: new Date().toISOString(),
      uptimeSec: 5,
      summary,
    };
    const res = await handleHeartbeat(
      new Request('http://console/api/heartbeat', {
        method: 'POST',
        headers: { authorization: `Bearer ${WORKER_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(beat),
      }),
      api.deps,
    );
    expect(res.status).toBe(200);
    // The hook stored it in the bucket now filling, which charts leave out until it is
    // complete: age it by one bucket.
    const [row] = await api.db.metricBucket.findMany({ where: { worker: 'proxy-gz-1' } });
    expect(row?.requests).toBe(50);
    await api.db.metricBucket.update({
      where: { worker_bucketStart: { worker: 'proxy-gz-1', bucketStart: row!.bucketStart } },
      data: { bucketStart: new Date(row!.bucketStart.getTime() - 10_000) },
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lets a viewer read every chart', async () => {
    const viewer = api.as('viewer');
    const traffic = await viewer.metrics.traffic({ sinceSec: 60, by: 'region' });
    const total = (key: string) => traffic.points.reduce((acc, p) => acc + (p.values[key] ?? 0), 0);
    expect([total('gz'), total('sh')]).toEqual([3, 2]); // 30 and 20 requests in one 10 s bucket
    expect((await viewer.metrics.latency({ sinceSec: 60 })).series).toEqual(['p50', 'p99']);
    const cache = await viewer.metrics.cache({ sinceSec: 60 });
    expect(cache.points.some((p) => p.values.hitRatio === 0.9)).toBe(true);
    const errors = await viewer.metrics.errorsByInstance({ sinceSec: 60 });
    expect(errors.series).toEqual(['gz-personal', 'sh-personal']);
    expect(await viewer.metrics.drops({ sinceSec: 60 })).toMatchObject({
      reported: true,
      callers: { demo: 1 },
      keys: { '42': 2 },
    });
    expect(await viewer.metrics.hotKeys({ sinceSec: 60, limit: 5 })).toEqual([
      { key: 'stable_42', qps: 30, keyType: 'stable', cacheTier: '5m', dropRatio: null },
    ]);
    expect(await viewer.metrics.bigKeys({ sinceSec: 60, limit: 5 })).toEqual([
      {
        key: 'member_list_{42}',
        bytes: 70_000,
        command: 'HGETALL',
        direction: 'reply',
        seen: 1,
        keyType: 'member_list',
        cacheTier: 'none',
        dropRatio: null,
      },
    ]);
  });

  it('refuses a caller without a session', async () => {
    const anonymous = createCaller(await createContext(api.deps, { headers: new Headers() }));
    await expect(anonymous.metrics.traffic({ sinceSec: 60, by: 'caller' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(anonymous.metrics.hotKeys()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('rejects a window longer than the retention', async () => {
    await expect(api.as('viewer').metrics.latency({ sinceSec: 8 * 86_400 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
