import { startRedis, startRedisCluster, type RedisCluster, type RedisProcess } from '@switchyard/stack/harness';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCode6 } from '../src/testing/demo-migration.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { counterReaches, DATA_USER, errorText, meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let cluster: RedisCluster;
let replica: RedisProcess;

beforeAll(async () => {
  // Every backend runs the managed data user the proxy authenticates as (issue 14), replicas and cluster nodes too.
  [demo, cluster] = await Promise.all([startDemo(), startRedisCluster({ masters: 3, dataUser: { ...DATA_USER } })]);
  replica = await startRedis({
    replicaOf: { host: '127.0.0.1', port: demo.redis['sh-personal'].port },
    dataUser: { ...DATA_USER },
  });
  const next = structuredClone(demo.snapshot);
  const ent = next.instances.find((i) => i.name === 'gz-enterprise')!;
  // The `bench` key type (key:*) is fixed to gz-enterprise; make that a 3-master cluster.
  ent.kind = 'cluster';
  ent.addresses = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
  next.instances.find((i) => i.name === 'sh-personal')!.replicas = [{ host: '127.0.0.1', port: replica.port }];
  next.keyTypes.find((k) => k.name === 'stable')!.readPolicy = 'replica';
  // A migration in DUAL_WRITE for code 6: writes go to sh-enterprise, then to spare.
  next.migrations = [splitCode6()];
  demo.proxy.holder.swap(activate(demo.published(2, next)));
}, 120_000);
afterAll(async () => {
  await demo?.stop();
  await cluster?.stop();
  await replica?.stop();
});

describe('Redis Cluster backend', () => {
  it('routes keys to a real 3-master cluster, across slots', async () => {
    const client = demo.client();
    const keys = Array.from({ length: 30 }, (_, i) => `key:${i}`);
    for (const [i, k] of keys.entries()) expect(await client.set(k, `c${i}`)).toBe('OK');
    const direct = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0]! }]);
    try {
      expect(await direct.get('key:7')).toBe('c7');
      expect(await client.mget(...keys.slice(0, 5), 'key:nope')).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', null]);
      expect(await client.del('key:0', 'key:1', 'key:nope')).toBe(2);
      expect(await client.incr('counter:x')).toBe(1);
      await expect(client.hget('key:7', 'f')).rejects.toThrow(/^WRONGTYPE/);
      expect(await client.type('key:7')).toBe('string');
      expect(await direct.get('key:0')).toBeNull();
    } finally {
      direct.disconnect();
    }
  });

  it('scripts on a cluster: the nodes ACL refuses FLUSHALL, and SCRIPT LOAD reaches every master (issue 14)', async () => {
    const client = demo.client();
    await client.set('key:keep', 'v');
    await expect(client.eval("return redis.call('FLUSHALL')", 1, 'key:keep')).rejects.toThrow(/can't run this command/);
    expect(await client.get('key:keep')).toBe('v');
    const sha = (await client.call('SCRIPT', 'LOAD', 'return 7')) as string;
    for (const node of cluster.nodes) {
      const direct = new Redis({ port: node.port });
      try {
        expect(await direct.call('SCRIPT', 'EXISTS', sha)).toEqual([1]);
      } finally {
        direct.disconnect();
      }
    }
    expect(await client.call('SCRIPT', 'EXISTS', sha)).toEqual([1]);
    expect(await client.evalsha(sha, 1, 'key:{a}1')).toBe(7);
  });

  it('a runaway script on a cluster node is killed after the budget (issue 14)', async () => {
    const stats = demo.proxy.ctx.stats;
    const kills = stats.scriptKills;
    const reply = await errorText(demo.client().eval('while true do end', 1, 'key:{spin}'), 'finished');
    expect(reply).toMatch(/killed by user|SCRIPT KILL/);
    await counterReaches(() => stats.scriptKills, kills + 1, 'the kill to be counted');
    expect(await demo.client().set('key:{spin}', 'after')).toBe('OK');
  });

  it('runs MULTI/EXEC on a cluster node when the keys share a slot', async () => {
    const results = await demo.client().multi().set('key:{t}a', '1').incr('key:{t}b').exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, 1],
    ]);
  });
});

describe('read replicas', () => {
  it('serves reads of replica-policy key types from the replica, writes from the primary', async () => {
    const client = demo.client();
    const key = `stable_${meetingId(5, 3n)}`;
    await client.set(key, 'v1');
    const r = new Redis({ port: replica.port });
    try {
      for (let i = 0; i < 50 && (await r.get(key)) !== 'v1'; i++) await new Promise((res) => setTimeout(res, 50));
      // Detach the replica and give it a different value: the proxy's read shows which side served it.
      await r.call('REPLICAOF', 'NO', 'ONE');
      await r.set(key, 'from-replica');
      expect(await client.get(key)).toBe('from-replica');
      expect(await demo.direct('sh-personal').get(key)).toBe('v1');
      // Scripts run on the primary: a replica's script cache is not reached by SCRIPT LOAD (issue 14).
      expect(await client.call('EVAL_RO', "return redis.call('GET', KEYS[1])", '1', key)).toBe('v1');
      // meeting_info keys stay on the primary.
      await client.set(meetingId(5, 4n), 'p');
      expect(await client.get(meetingId(5, 4n))).toBe('p');
    } finally {
      r.disconnect();
    }
  });
});

describe('dual-write', () => {
  it('writes the old instance then the new one, reads the old', async () => {
    const client = demo.client();
    const key = meetingId(6, 11n);
    await client.set(key, 'dw');
    expect(await demo.direct('sh-enterprise').get(key)).toBe('dw');
    expect(await demo.direct('others').get(key)).toBe('dw');
    await demo.direct('others').set(key, 'new-side');
    expect(await client.get(key)).toBe('dw');
  });

  it("gives the caller the old side's error and writes nothing new", async () => {
    const client = demo.client();
    const key = meetingId(6, 12n);
    await demo.direct('sh-enterprise').hset(key, 'f', 'v');
    await expect(client.set(key, 'x', 'GET')).rejects.toThrow(/^WRONGTYPE/);
    expect(await demo.direct('others').exists(key)).toBe(0);
  });

  it('counts a failed secondary write and still answers from the old side', async () => {
    const client = demo.client();
    const key = meetingId(6, 13n);
    await demo.direct('others').hset(key, 'f', 'v');
    const before = demo.proxy.ctx.stats.secondaryWriteFailures;
    expect(await client.append(key, 'abc')).toBe(3);
    expect(demo.proxy.ctx.stats.secondaryWriteFailures).toBe(before + 1);
  });
});

describe('backend failure', () => {
  it('answers a clear error while an instance is down and recovers when it is back', async () => {
    const client = demo.client();
    const key = meetingId(5, 777n);
    await client.set(key, 'before');
    await demo.redis['sh-personal'].kill();
    await expect(client.get(key)).rejects.toThrow(/SWITCHYARD backend 'sh-personal' unavailable/);
    // Other instances are unaffected.
    expect(await client.set(meetingId(1, 777n), 'ok')).toBe('OK');
    await demo.redis['sh-personal'].restart();
    expect(await client.set(key, 'after')).toBe('OK');
    expect(await client.get(key)).toBe('after');
  });
});
