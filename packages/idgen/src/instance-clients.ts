/**
 * ioredis connections per config instance, opened on first use: what the import bin and the
 * benchmark use. The proxy has its own backend connections and does not need this.
 */
import type { CompiledConfig, TInstance } from '@switchyard/core';
import { Cluster, Redis } from 'ioredis';

export interface InstanceClients {
  get(instance: string): Redis | Cluster | undefined;
  close(): Promise<void>;
}

function connect(i: TInstance): Redis | Cluster {
  const password = i.password;
  if (i.kind === 'cluster') {
    return new Cluster(
      i.addresses.map((a) => ({ host: a.host, port: a.port })),
      { redisOptions: { password }, enableReadyCheck: true },
    );
  }
  const a = i.addresses[0]!;
  // Fail fast on a dead instance instead of queueing writes forever.
  return new Redis({ host: a.host, port: a.port, password, maxRetriesPerRequest: 2, enableOfflineQueue: true });
}

export function instanceClients(cfg: CompiledConfig): InstanceClients {
  const open = new Map<string, Redis | Cluster>();
  return {
    get(name) {
      const existing = open.get(name);
      if (existing) return existing;
      const instance = cfg.instances.get(name);
      if (instance === undefined) return undefined;
      const client = connect(instance);
      open.set(name, client);
      return client;
    },
    async close() {
      await Promise.all([...open.values()].map((c) => c.quit().catch(() => c.disconnect())));
      open.clear();
    },
  };
}
