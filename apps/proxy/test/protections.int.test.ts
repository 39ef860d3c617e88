/** DESIGN §8 admission: degradation drops, QPS limits and the in-flight bound, end to end. */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { demoSuite, meetingId } from './fixture.ts';

const suite = demoSuite();

/** Sends `n` GETs in pipelines of 500 and sorts the outcomes by reply text. */
async function burst(client: Redis, key: string, n: number, batch = 500): Promise<{ ok: number; errors: string[] }> {
  let ok = 0;
  const errors: string[] = [];
  for (let done = 0; done < n; done += batch) {
    const p = client.pipeline();
    for (let i = 0; i < Math.min(batch, n - done); i++) p.get(key);
    for (const [err] of (await p.exec()) ?? []) {
      if (err) errors.push(err.message);
      else ok++;
    }
  }
  return { ok, errors };
}

describe('degradation drops', () => {
  const key = meetingId(1, 42n);

  it('drops a caller ratio of 0.3 within binomial bounds, and counts every drop', async () => {
    suite.demo.apply((s) => (s.degradation = { callers: [{ caller: 'demo', ratio: 0.3 }], keys: [] }));
    const before = suite.demo.proxy.ctx.guard.protections.droppedCallers.get('demo') ?? 0;
    const n = 5000;
    const { ok, errors } = await burst(suite.demo.client(), key, n);
    const sigma = Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(errors.length - n * 0.3)).toBeLessThan(5 * sigma);
    expect(ok + errors.length).toBe(n);
    expect(new Set(errors)).toEqual(new Set(['ERR SWITCHYARD degraded (caller demo)']));
    expect((suite.demo.proxy.ctx.guard.protections.droppedCallers.get('demo') ?? 0) - before).toBe(errors.length);
  });

  it('drops everything at ratio 1 and nothing at ratio 0', async () => {
    suite.demo.apply((s) => (s.degradation = { callers: [{ caller: 'demo', ratio: 1 }], keys: [] }));
    expect((await burst(suite.demo.client(), key, 300)).ok).toBe(0);
    suite.demo.apply((s) => (s.degradation = { callers: [{ caller: 'demo', ratio: 0 }], keys: [] }));
    expect((await burst(suite.demo.client(), key, 300)).errors).toEqual([]);
  });

  it('ignores an expired rule', async () => {
    suite.demo.apply(
      (s) =>
        (s.degradation = {
          callers: [{ caller: 'demo', ratio: 1, expiresAt: new Date(Date.now() - 1000).toISOString() }],
          keys: [],
        }),
    );
    expect((await burst(suite.demo.client(), key, 300)).errors).toEqual([]);
  });

  it('drops an exact key and leaves other keys alone', async () => {
    const hot = `stable_${meetingId(1, 7n)}`;
    suite.demo.apply((s) => (s.degradation = { callers: [], keys: [{ key: hot, ratio: 1 }] }));
    const client = suite.demo.client();
    await expect(client.get(hot)).rejects.toThrow(`ERR SWITCHYARD degraded (key ${hot})`);
    await expect(client.mget(key, hot)).rejects.toThrow(/degraded \(key stable_/);
    expect(await client.set(key, 'fine')).toBe('OK');
    expect(suite.demo.proxy.ctx.guard.protections.droppedKeys.get(hot)).toBe(2);
  });
});

describe('limits', () => {
  const key = meetingId(2, 43n);

  it("refuses a caller's burst beyond its token bucket, and lets it through again after refill", async () => {
    suite.demo.apply((s) => (s.callers[0]!.qpsLimit = 20));
    const client = suite.demo.client();
    const first = await burst(client, key, 60, 60);
    // Capacity is one second of tokens: 20, plus what refills during the burst itself.
    expect(first.ok).toBeGreaterThanOrEqual(20);
    expect(first.ok).toBeLessThan(30);
    expect(first.errors[0]).toBe('ERR SWITCHYARD rate limited (caller demo)');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await burst(client, key, 10, 10)).ok).toBe(10);
  });

  it('caps the worker globally', async () => {
    suite.demo.apply((s) => (s.limits = { globalQps: 10, maxInFlight: 10_000 }));
    const { ok, errors } = await burst(suite.demo.client(), key, 40, 40);
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThan(20);
    expect(errors).toContain('ERR SWITCHYARD rate limited (global)');
  });

  it('answers -BUSY past the in-flight bound', async () => {
    suite.demo.apply((s) => (s.limits = { maxInFlight: 3 }));
    const { ok, errors } = await burst(suite.demo.client(), key, 100, 100);
    expect(ok).toBeGreaterThanOrEqual(3);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^BUSY SWITCHYARD too many requests in flight \(limit 3\)/);
    suite.demo.apply(() => undefined);
    expect((await burst(suite.demo.client(), key, 100, 100)).ok).toBe(100);
  });
});
