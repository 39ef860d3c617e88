/**
 * What the engine needs at run time for one migration: its identity, clients for the two
 * data instances and the control instance, and its scope. The migrator worker and the
 * proxy build one per active migration (and rebuild it when the published config changes).
 *
 * Clients should fail fast rather than queue while an instance is down (see
 * `fastFailRedisOptions`): a queued write would stall the caller instead of going to the
 * compensation stream.
 */
import type { RedisOptions } from 'ioredis';
import type { TMigration } from '@switchyard/core';
import type { Redis } from 'ioredis';
import type { InstancePair, KeyScope, Side } from './types.ts';

export interface MigrationEvent {
  event: string;
  [field: string]: string | number | boolean | null;
}

export interface MigrationRuntime {
  readonly migration: Pick<TMigration, 'id' | 'from' | 'to'>;
  readonly pair: InstancePair;
  /** Holds `sy:comp:<id>`, `sy:dead:<id>`, cursors and run history. */
  readonly control: Redis;
  readonly scope: KeyScope;
  /** Structured log hook; the engine never prints. */
  readonly onEvent?: (e: MigrationEvent) => void;
}

/** The side an instance name plays in this migration, or null when it is neither. */
export function sideOfInstance(rt: MigrationRuntime, instance: string): Side | null {
  if (instance === rt.migration.to) return 'new';
  if (instance === rt.migration.from) return 'old';
  return null;
}

/** ioredis options for data and control clients: reconnect forever, never queue offline. */
export const fastFailRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 2000,
  retryStrategy: (times: number) => Math.min(50 * times, 1000),
};
