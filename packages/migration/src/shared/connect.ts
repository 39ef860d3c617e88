/**
 * Building a runtime from the published snapshot, so the worker and the proxy connect to
 * the instances exactly as configured. Standalone instances only: the engine's batch
 * scripts take many keys per call, which a Redis Cluster would reject as cross-slot.
 */
import { compileConfig, type CompiledConfig, type TConfigSnapshot, type TInstance } from '@switchyard/core';
import type { Redis, RedisOptions } from 'ioredis';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { fastFailRedisOptions, type MigrationEvent, type MigrationRuntime } from './runtime.ts';

export function redisOptionsFor(instance: TInstance): RedisOptions {
  if (instance.kind !== 'standalone') throw new Error(`instance ${instance.name} is a ${instance.kind}; the migration engine supports standalone instances only`);
  const { host, port } = instance.addresses[0]!;
  return { host, port, ...(instance.password ? { password: instance.password } : {}), ...fastFailRedisOptions };
}

export interface RuntimeInputs {
  config: TConfigSnapshot | CompiledConfig;
  migrationId: string;
  /** A client for an instance name (build it with redisOptionsFor; share clients per instance). */
  clientFor: (instance: TInstance) => Redis;
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
