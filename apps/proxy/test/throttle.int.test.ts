/** Seed 003 level 1: hot-key throttling cuts only the excess over a key's QPS, per rule, end to end. */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { demoSuite, meetingId } from './fixture.ts';

const suite = demoSuite();

async function burst(client: Redis, key: string, n: number): Promise<{ ok: number; errors: string[] }> {
  const p = client.pipeline();
  for (let i = 0; i < n; i++) p.get(key);
  let ok = 0;
  const errors: string[] = [];
  for (const [err] of (await p.exec()) ?? []) {
    if (err) errors.push(err.message);
    else ok++;
  }
  return { ok, errors };
}

const throttled = (): Map<string, number> => suite.demo.proxy.ctx.guard.protections.throttles.counts;

describe('hot-key throttling', () => {
  const hot = `stable_${meetingId(1, 901n)}`;
  const cold = `stable_${meetingId(1, 902n)}`;

  it('passes requests under the limit untouched', async () => {
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [], throttles: [{ key: hot, qps: 100 }] }));
    const { ok, errors } = await burst(suite.demo.client(), hot, 40);
    expect(errors).toEqual([]);
    expect(ok).toBe(40);
  });

  it('cuts only the excess of a burst, with the rule in the error, and counts per rule', async () => {
    suite.demo.apply(
      (s) =>
        (s.degradation = {
          callers: [],
          keys: [],
          throttles: [
            { key: `${hot}x`, qps: 1 },
            { key: hot, qps: 50 },
          ],
        }),
    );
    const before = throttled().get(hot) ?? 0;
    const started = performance.now();
    const { ok, errors } = await burst(suite.demo.client(), hot, 2000);
    const elapsedSec = (performance.now() - started) / 1000;
    // A fresh bucket holds one second of tokens, refilled at 50/s while the burst lasts.
    expect(ok).toBeGreaterThanOrEqual(50);
    expect(ok).toBeLessThanOrEqual(50 + Math.ceil(50 * elapsedSec) + 1);
    expect(ok + errors.length).toBe(2000);
    expect(new Set(errors)).toEqual(new Set([expect.stringContaining(`ERR SWITCHYARD throttled (key ${hot})`)]));
    expect((throttled().get(hot) ?? 0) - before).toBe(errors.length);
    expect(throttled().get(`${hot}x`)).toBeUndefined();
    // Another key is not throttled by this rule.
    expect((await burst(suite.demo.client(), cold, 300)).errors).toEqual([]);
  });

  it('reports refusals per rule in the telemetry snapshot and the heartbeat', async () => {
    const snap = suite.demo.proxy.ctx.guard.snapshot();
    expect(snap.drops.throttles?.[hot]).toBe(throttled().get(hot));
    expect(snap.drops.throttles?.[hot]).toBeGreaterThan(0);
  });

  it('ignores an expired rule, and lifts the limit when the rule is cleared', async () => {
    suite.demo.apply(
      (s) =>
        (s.degradation = {
          callers: [],
          keys: [],
          throttles: [{ key: hot, qps: 1, expiresAt: new Date(Date.now() - 1000).toISOString() }],
        }),
    );
    expect((await burst(suite.demo.client(), hot, 300)).errors).toEqual([]);
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [], throttles: [{ key: hot, qps: 1 }] }));
    expect((await burst(suite.demo.client(), hot, 300)).errors.length).toBeGreaterThan(0);
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [] }));
    expect((await burst(suite.demo.client(), hot, 300)).errors).toEqual([]);
  });

  it('throttles a multi-key command that names the hot key', async () => {
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [], throttles: [{ key: hot, qps: 1 }] }));
    const client = suite.demo.client();
    await burst(client, hot, 5);
    await expect(client.mget(cold, hot)).rejects.toThrow(`ERR SWITCHYARD throttled (key ${hot})`);
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [] }));
  });
});

describe('automatic hot-key throttling', () => {
  const hot = `stable_${meetingId(1, 911n)}`;
  const cool = `stable_${meetingId(1, 912n)}`;

  it('throttles a key the last hot-key window measured above the threshold, and only that key', async () => {
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [], autoThrottle: { aboveQps: 1, qps: 5 } }));
    const c = suite.demo.client();
    const hotKeys = suite.demo.proxy.ctx.guard.hotKeys;
    hotKeys.rotate();
    // Before detection: nothing is throttled.
    expect((await burst(c, hot, 200)).errors).toEqual([]);
    hotKeys.rotate();
    expect(hotKeys.top().map((h) => h.key)).toContain(hot);
    const { ok, errors } = await burst(c, hot, 200);
    expect(errors.length).toBeGreaterThan(0);
    expect(ok).toBeLessThan(200);
    expect(new Set(errors)).toEqual(new Set([expect.stringContaining(`ERR SWITCHYARD throttled (auto key ${hot})`)]));
    expect(throttled().get(hot)).toBe(errors.length);
    expect((await burst(c, cool, 3)).errors).toEqual([]);
    // Turned off: the same detection throttles nothing.
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [] }));
    expect((await burst(c, hot, 200)).errors).toEqual([]);
  });
});
