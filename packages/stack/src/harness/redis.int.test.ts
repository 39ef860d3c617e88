import { afterAll, describe, expect, it } from 'vitest';
import { redisCommand, startRedis, startRedisCluster, type RedisCluster, type RedisProcess } from './index.ts';

describe('redis harness', () => {
  const started: RedisProcess[] = [];
  let cluster: RedisCluster | undefined;
  afterAll(async () => {
    await Promise.all(started.map((r) => r.stop()));
    await cluster?.stop();
  });

  it('starts a redis-server on a free port that answers, and survives kill/restart', async () => {
    const redis = await startRedis();
    started.push(redis);
    expect(await redisCommand(redis.port, redis.host, ['SET', 'k', 'v'])).toBe('+OK\r\n');
    await redis.kill();
    await expect(redisCommand(redis.port, redis.host, ['PING'], 300)).rejects.toThrow();
    await redis.restart();
    expect(await redisCommand(redis.port, redis.host, ['PING'])).toBe('+PONG\r\n');
  });

  it('starts a replica that follows its primary', async () => {
    const primary = await startRedis();
    const replica = await startRedis({ replicaOf: { host: primary.host, port: primary.port } });
    started.push(primary, replica);
    await redisCommand(primary.port, primary.host, ['SET', 'copied', 'yes']);
    let value = '';
    for (let i = 0; i < 100 && !value.includes('yes'); i++) {
      value = await redisCommand(replica.port, replica.host, ['GET', 'copied']);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(value).toBe('$3\r\nyes\r\n');
  });

  it('builds a 3-master cluster with every slot covered', async () => {
    cluster = await startRedisCluster({ masters: 3 });
    const info = await redisCommand(cluster.ports[0]!, '127.0.0.1', ['CLUSTER', 'INFO']);
    expect(info).toContain('cluster_slots_assigned:16384');
    expect(info).toContain('cluster_known_nodes:3');
  });
});
