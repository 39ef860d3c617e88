/**
 * Issue 13 on a Redis Cluster instance: SCAN walks every master; classic pub/sub works (a
 * cluster broadcasts PUBLISH to every node, so the proxy subscribes on one node); sharded
 * pub/sub is refused clearly.
 */
import { startRedisCluster, waitUntil, type RedisCluster } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { DATA_USER, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let cluster: RedisCluster;

beforeAll(async () => {
  [demo, cluster] = await Promise.all([startDemo(), startRedisCluster({ masters: 3, dataUser: { ...DATA_USER } })]);
  const next = structuredClone(demo.snapshot);
  const ent = next.instances.find((i) => i.name === 'gz-enterprise')!;
  // The `bench` key type (key:*) is fixed to gz-enterprise; make that a 3-master cluster.
  ent.kind = 'cluster';
  ent.addresses = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  demo.proxy.holder.swap(activate(demo.published(2, next)));
}, 120_000);
afterAll(async () => {
  await demo?.stop();
  await cluster?.stop();
});

describe('pub/sub on a cluster instance', () => {
  it('SUBSCRIBE and PSUBSCRIBE receive what PUBLISH sends through the cluster, whichever node owns the slot', async () => {
    const sub = demo.client();
    const got: string[][] = [];
    sub.on('message', (channel: string, message: string) => got.push([channel, message]));
    sub.on('pmessage', (pattern: string, channel: string, message: string) => got.push([pattern, channel, message]));
    await sub.subscribe('key:c1', 'key:c2', 'key:c3');
    await sub.psubscribe('key:p*');
    const pub = demo.client();
    for (const ch of ['key:c1', 'key:c2', 'key:c3', 'key:p9']) await pub.publish(ch, `to-${ch}`);
    await waitUntil(
      async () => got.length,
      (n) => n === 4,
      'four messages',
      5000,
      10,
    );
    // Messages published on different nodes reach the subscriber's node over the cluster bus, in any order.
    expect(got.sort((a, b) => a.join().localeCompare(b.join()))).toEqual([
      ['key:c1', 'to-key:c1'],
      ['key:c2', 'to-key:c2'],
      ['key:c3', 'to-key:c3'],
      ['key:p*', 'key:p9', 'to-key:p9'],
    ]);
    sub.disconnect();
  });

  it('sharded pub/sub is refused on a cluster instance with a clear error', async () => {
    await expect(demo.client().call('SSUBSCRIBE', 'key:s1')).rejects.toThrow(
      /sharded pub\/sub is not available on cluster instance 'gz-enterprise'/,
    );
  });
});

describe('SCAN on a cluster instance', () => {
  it('walks every master of the cluster, alongside the standalone instances', async () => {
    const c = demo.client();
    const keys = Array.from({ length: 40 }, (_, i) => `key:cs${i}`);
    for (const k of keys) await c.set(k, 'v');
    const found: string[] = [];
    let cursor = '0';
    let calls = 0;
    do {
      const [next, page] = (await c.call('SCAN', cursor, 'MATCH', 'key:cs*', 'COUNT', '5')) as [string, string[]];
      found.push(...page);
      cursor = next;
      calls++;
    } while (cursor !== '0' && calls < 1000);
    expect(found.sort()).toEqual(keys.sort());
    // The keys really are spread over the masters.
    const perNode = await Promise.all(
      cluster.ports.map(async (port) => {
        const { Redis } = await import('ioredis');
        const r = new Redis({ port, lazyConnect: false });
        try {
          return ((await r.call('SCAN', '0', 'MATCH', 'key:cs*', 'COUNT', '1000')) as [string, string[]])[1].length;
        } finally {
          r.disconnect();
        }
      }),
    );
    expect(perNode.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});

describe('blocking commands on a cluster instance', () => {
  it('BLPOP blocks on the slot owner and returns what another client pushes; timeouts answer null', async () => {
    const waiter = demo.client();
    for (const key of ['mylist:cb1', 'mylist:cb2', 'mylist:cb3']) {
      const popped = waiter.blpop(key, 5);
      await waitUntil(
        async () => demo.proxy.ctx.blocking.blocked.size,
        (n) => n === 1,
        'blocked',
        5000,
        10,
      );
      expect(await demo.client().rpush(key, `v-${key}`)).toBe(1);
      expect(await popped).toEqual([key, `v-${key}`]);
    }
    expect(await waiter.blpop('mylist:cb-empty', 0.1)).toBeNull();
    expect(demo.proxy.ctx.blocking.busy).toBe(0);
  });
});
