/** A real Redis Cluster (masters only) on free loopback ports, built with `redis-cli --cluster create`. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TDataUser } from '@switchyard/core';
import { redisCommand, startRedis, type RedisProcess } from './redis.ts';

const run = promisify(execFile);

export interface RedisCluster {
  readonly nodes: readonly RedisProcess[];
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

export async function startRedisCluster(
  options: { masters?: number; host?: string; dataUser?: TDataUser } = {},
): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const host = options.host ?? '127.0.0.1';
  const dataUser = options.dataUser;
  const nodes = await Promise.all(
    Array.from({ length: masters }, () => startRedis({ host, cluster: true, ...(dataUser ? { dataUser } : {}) })),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    const addresses = nodes.map((n) => `${host}:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], {
      timeout: 30_000,
    });
    await waitForClusterOk(nodes, host);
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes, ports: nodes.map((n) => n.port), stop };
}

async function waitForClusterOk(nodes: readonly RedisProcess[], host: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(nodes.map((n) => redisCommand(n.port, host, ['CLUSTER', 'INFO']).catch(() => '')));
    if (states.every((s) => s.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error('redis cluster did not reach cluster_state:ok');
    await new Promise((r) => setTimeout(r, 100));
  }
}
