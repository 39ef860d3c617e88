/**
 * After DONE (DESIGN §7 step 7), the old instance still holds the migrated keys. This job
 * SCANs it within the scope and UNLINKs them in batches, at a bounded rate. It refuses to
 * run in any other phase: before DONE those keys are the rollback path (seed 001 §8.3.1:
 * "旧实例始终拥有全量的可靠的数据"). `dryRun` only counts.
 */
import type { TMigration } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { isPerKey, scanTargets, type DataClient } from '../shared/data-client.ts';
import { RateLimiter } from '../shared/rate-limiter.ts';
import { keyText, type KeyScope } from '../shared/types.ts';

export interface CleanupOptions {
  migration: Pick<TMigration, 'id' | 'phase'>;
  /** The old instance (the migration's `from`); a cluster is scanned master by master. */
  source: DataClient;
  scope: KeyScope;
  dryRun?: boolean;
  batchSize?: number;
  keysPerSecond?: number | null;
  signal?: AbortSignal;
  onProgress?: (p: CleanupProgress) => void;
}

export interface CleanupProgress {
  scanned: number;
  inScope: number;
  deleted: number;
  done: boolean;
}

export async function runCleanup(o: CleanupOptions): Promise<CleanupProgress> {
  if (o.migration.phase !== 'DONE')
    throw new Error(`migration ${o.migration.id} is in ${o.migration.phase}; old keys are cleaned up only after DONE`);
  const limiter = new RateLimiter(o.keysPerSecond ?? null);
  const p: CleanupProgress = { scanned: 0, inScope: 0, deleted: 0, done: false };
  for (const { client } of scanTargets(o.source)) {
    let cursor = '0';
    do {
      if (o.signal?.aborted) return p;
      const [next, keys] = await client.scanBuffer(cursor, 'COUNT', o.batchSize ?? 1000);
      cursor = next.toString();
      await limiter.take(keys.length, o.signal);
      const doomed = keys.filter((k) => o.scope.classify(keyText(k)) !== null);
      p.scanned += keys.length;
      p.inScope += doomed.length;
      if (!o.dryRun && doomed.length > 0) p.deleted += await unlink(client, doomed);
      o.onProgress?.(p);
    } while (cursor !== '0');
  }
  p.done = true;
  return p;
}

/** One UNLINK per batch; on a cluster master, one per key (its keys span slots). */
async function unlink(client: Redis, keys: Buffer[]): Promise<number> {
  if (!isPerKey(client)) return client.unlink(...keys);
  const counts = await Promise.all(keys.map((k) => client.unlink(k)));
  return counts.reduce((a, b) => a + b, 0);
}
