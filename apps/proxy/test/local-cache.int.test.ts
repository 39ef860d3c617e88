/**
 * The local cache (DESIGN §8): tiered staleness, write invalidation through this proxy and
 * through another one (pub/sub on the shared control instance), MGET partial hits that fetch
 * only the misses, and stale serves while the backend is down.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import type { ProxyHandle } from '../src/worker.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let other: ProxyHandle;
let otherClient: Redis;

beforeAll(async () => {
  demo = await startDemo({
    edit: (s) => {
      // `hot:*` keys: 1 s tier, on gz-personal.
      s.keyTypes.unshift({
        name: 'hot',
        pattern: '^hot:',
        dimension: { kind: 'fixed-instance', instance: 'gz-personal' },
        cacheTier: '1s',
      });
    },
  });
  // A second proxy on the same config: the control instance (`others`) is shared.
  ({ proxy: other, client: otherClient } = await demo.startWorker({
    SHUTDOWN_GRACE_MS: 1000,
    SWITCHYARD_WORKER_NAME: 'proxy-b',
  }));
}, 60_000);
afterAll(async () => demo?.stop());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function pollUntil<T>(read: () => Promise<T>, want: T, deadlineMs: number): Promise<{ ok: boolean; last: T }> {
  const start = Date.now();
  let last = await read();
  while (last !== want && Date.now() - start < deadlineMs) {
    await sleep(20);
    last = await read();
  }
  return { ok: last === want, last };
}

describe('local cache', () => {
  it('serves a 1 s tier key from the cache, and a write behind its back shows within the tier TTL', async () => {
    const client = demo.client();
    const direct = demo.direct('gz-personal');
    await direct.set('hot:a', 'v1');
    expect(await client.get('hot:a')).toBe('v1');
    await direct.set('hot:a', 'v2');
    // Cached: the proxy still answers the old value right after the direct write.
    expect(await client.get('hot:a')).toBe('v1');
    const seen = await pollUntil(() => client.get('hot:a'), 'v2', 1000 + 300);
    expect(seen.ok).toBe(true);
    expect(demo.proxy.ctx.guard.cache.hits).toBeGreaterThan(0);
  });

  it('answers long pipelines of hits on one key, interleaved with another key, byte for byte', async () => {
    const client = demo.client();
    await client.set('hot:p', 'pp');
    await client.set('hot:q', 'q'.repeat(300));
    for (let round = 0; round < 3; round++) {
      const p = client.pipeline();
      for (let i = 0; i < 100; i++) p.get(i % 10 === 9 ? 'hot:q' : 'hot:p');
      const values = ((await p.exec()) ?? []).map(([, v]) => v);
      expect(values).toEqual(Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 'q'.repeat(300) : 'pp')));
    }
  });

  it('invalidates on any write through this proxy (SET, HSET, DEL, EXPIRE)', async () => {
    const client = demo.client();
    await client.set('hot:w', 'a');
    expect(await client.get('hot:w')).toBe('a');
    await client.set('hot:w', 'b');
    expect(await client.get('hot:w')).toBe('b');
    await client.hset('hot:h', 'f', '1');
    expect(await client.hget('hot:h', 'f')).toBe('1');
    expect(await client.hgetall('hot:h')).toEqual({ f: '1' });
    await client.hset('hot:h', 'f', '2', 'g', '3');
    expect(await client.hget('hot:h', 'f')).toBe('2');
    expect(await client.hgetall('hot:h')).toEqual({ f: '2', g: '3' });
    await client.del('hot:w');
    expect(await client.get('hot:w')).toBeNull();
    await client.set('hot:w', 'c');
    expect(await client.get('hot:w')).toBe('c');
    await client.expire('hot:w', 0);
    expect(await client.get('hot:w')).toBeNull();
  });

  it('invalidates on writes inside MULTI/EXEC, here and on the other proxy', async () => {
    const client = demo.client();
    const key = `stable_${meetingId(1, 32n)}`;
    await client.set(key, 'before');
    expect(await client.get(key)).toBe('before');
    expect(await otherClient.get(key)).toBe('before');
    expect(await client.multi().set(key, 'after').exec()).toEqual([[null, 'OK']]);
    expect(await client.get(key)).toBe('after');
    expect((await pollUntil(() => otherClient.get(key), 'after', 1000)).ok).toBe(true);
  });

  it("reaches every worker: a write through proxy A shows through proxy B's 5 min tier", async () => {
    const a = demo.client();
    const key = `stable_${meetingId(1, 31n)}`;
    await a.set(key, 'one');
    // Read until B serves it from its cache (the SET's own invalidation may land after B's first fill).
    const hitsBefore = other.ctx.guard.cache.hits;
    for (let i = 0; i < 50 && other.ctx.guard.cache.hits === hitsBefore; i++) {
      expect(await otherClient.get(key)).toBe('one');
      await sleep(10);
    }
    expect(other.ctx.guard.cache.hits).toBeGreaterThan(hitsBefore);
    await a.set(key, 'two');
    // Only the invalidation can do this: B's entry would otherwise live 5 minutes.
    const seen = await pollUntil(() => otherClient.get(key), 'two', 1000);
    expect(seen.ok).toBe(true);
  });

  it('serves MGET partly from the cache and fetches only the misses, in one batch', async () => {
    const client = demo.client();
    const direct = demo.direct('gz-personal');
    // 5 min tier keys of one instance (code 1 → gz-personal), so nothing expires mid-test.
    const [m1, m2, m3, m4, none] = [1n, 2n, 3n, 4n, 5n].map((r) => `stable_${meetingId(1, 100n + r)}`) as [
      string,
      string,
      string,
      string,
      string,
    ];
    await direct.mset(m1, '1', m2, '2', m3, '3', m4, '4');
    expect(await client.get(m1)).toBe('1');
    expect(await client.get(m2)).toBe('2');
    await direct.call('CONFIG', 'RESETSTAT');
    expect(await client.mget(m1, m2, m3, m4, none)).toEqual(['1', '2', '3', '4', null]);
    const stats = String(await direct.info('all'));
    // One MGET reached Redis, and it looked up 3 keys (m3, m4 found; none missing), not 5.
    expect(stats).toMatch(/cmdstat_mget:calls=1,/);
    expect(stats).toMatch(/keyspace_hits:2\r\n/);
    expect(stats).toMatch(/keyspace_misses:1\r\n/);
    // Now all four are cached: nothing reaches Redis.
    await direct.call('CONFIG', 'RESETSTAT');
    expect(await client.mget(m1, m2, m3, m4)).toEqual(['1', '2', '3', '4']);
    expect(String(await direct.info('commandstats'))).not.toMatch(/cmdstat_mget/);
  });

  it('keeps cached replies across a config change of drops only, and drops them when routing changes', async () => {
    const client = demo.client();
    const key = `stable_${meetingId(1, 33n)}`;
    await client.set(key, 'kept');
    expect(await client.get(key)).toBe('kept');
    const g = demo.proxy.ctx.guard;
    const entries = g.cache.size;
    const next = structuredClone(demo.snapshot);
    next.degradation = { callers: [], keys: [{ key: 'stable_1', ratio: 0.5 }] };
    demo.proxy.holder.swap(activate(demo.published(2, next)));
    expect(g.cache.size).toBe(entries);
    const hits = g.cache.hits;
    expect(await client.get(key)).toBe('kept');
    expect(g.cache.hits).toBe(hits + 1);
    next.cacheTiers = { '1s': { ttlMs: 1000 }, '5m': { ttlMs: 60_000 }, maxBytes: 64 * 1024 * 1024 };
    demo.proxy.holder.swap(activate(demo.published(3, next)));
    expect(g.cache.size).toBe(0);
  });

  it('serves an expired entry (within one more TTL) while the backend is down, and counts it', async () => {
    const client = demo.client();
    await client.set('hot:s', 'kept');
    expect(await client.get('hot:s')).toBe('kept');
    await sleep(1100);
    const before = demo.proxy.ctx.guard.cache.staleServes;
    await demo.redis['gz-personal'].kill();
    try {
      expect(await client.get('hot:s')).toBe('kept');
      expect(demo.proxy.ctx.guard.cache.staleServes).toBe(before + 1);
      await expect(client.get('hot:never-cached')).rejects.toThrow(/SWITCHYARD/);
    } finally {
      await demo.redis['gz-personal'].restart();
    }
  });
});
