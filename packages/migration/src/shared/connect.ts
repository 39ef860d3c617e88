/**
 * Building a runtime from the published snapshot, so the worker and the proxy connect to
 * the instances exactly as configured (standalone or cluster).
 */
import { compileConfig, type CompiledConfig, type TConfigSnapshot, type TInstance } from '@switchyard/core';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { scopeFromConfig } from '../scope/key-scope.ts';
import type { DataClient } from './data-client.ts';
import { fastFailRedisOptions, type MigrationEvent, type MigrationRuntime } from './runtime.ts';

/** Options for a standalone instance (its first address), failing fast while it is down. */
export function redisOptionsFor(instance: TInstance): RedisOptions {
  const { host, port } = instance.addresses[0]!;
  return { host, port, ...(instance.password ? { password: instance.password } : {}), ...fastFailRedisOptions };
}

/**
 * A client for a data instance: a Redis for standalone, a Cluster (seeded by its addresses)
 * for cluster. No auto-pipelining: ioredis 5's cluster auto-pipeline breaks callBuffer(),
 * which the engine's scripts use; concurrent calls are pipelined per node regardless.
 */
export function connectInstance(instance: TInstance): DataClient {
  if (instance.kind === 'standalone') return new Redis(redisOptionsFor(instance));
  const { host: _host, port: _port, ...redisOptions } = redisOptionsFor(instance);
  return new Cluster(
    instance.addresses.map((a) => ({ host: a.host, port: a.port })),
    { redisOptions, enableOfflineQueue: false },
  );
}

export interface RuntimeInputs {
  config: TConfigSnapshot | CompiledConfig;
  migrationId: string;
  /** A client for an instance (connectInstance, shared per instance). */
  clientFor: (instance: TInstance) => DataClient;
  control: Redis;
  onEvent?: (e: MigrationEvent) => void;
}

export function createRuntime(x: RuntimeInputs): MigrationRuntime {
  const cfg = 'matcher' in x.config ? x.config : compileConfig(x.config);
  const migration = cfg.snapshot.migrations.find((m) => m.id === x.migrationId);
  if (!migration) throw new Error(`migration ${x.migrationId} is not in the config snapshot`);
  const instance = (name: string): TInstance => {
    const i = cfg.instances.get(name);
    if (!i) throw new Error(`migration ${migration.id} names unknown instance ${name}`);
    return i;
  };
  return {
    migration,
    pair: { old: x.clientFor(instance(migration.from)), new: x.clientFor(instance(migration.to)) },
    control: x.control,
    scope: scopeFromConfig(cfg, migration),
    ...(x.onEvent ? { onEvent: x.onEvent } : {}),
  };
}
