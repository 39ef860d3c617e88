/**
 * Reconciliation run history, newest first. The console will keep runs in Postgres; this
 * Redis-list store (`sy:recon:<migrationId>` on the control instance) serves the worker and
 * the gray-read guard until then.
 */
import type { Redis } from 'ioredis';
import { ZReconRun, type ReconRun } from '../reconcile/recon-run.ts';

export interface ReconHistoryStore {
  save(run: ReconRun): Promise<void>;
  /** Newest first. */
  list(migrationId: string, limit?: number): Promise<ReconRun[]>;
  latest(migrationId: string): Promise<ReconRun | null>;
}

export const reconHistoryKey = (migrationId: string): string => `sy:recon:${migrationId}`;

export class RedisReconHistory implements ReconHistoryStore {
  constructor(
    private readonly control: Redis,
    private readonly keep = 200,
  ) {}

  async save(run: ReconRun): Promise<void> {
    const key = reconHistoryKey(run.migrationId);
    await this.control
      .multi()
      .lpush(key, JSON.stringify(run))
      .ltrim(key, 0, this.keep - 1)
      .exec();
  }

  async list(migrationId: string, limit = 50): Promise<ReconRun[]> {
    const raw = await this.control.lrange(reconHistoryKey(migrationId), 0, limit - 1);
    // A record that no longer parses (older format) is skipped, not fatal to the dashboard.
    return raw.flatMap((text) => {
      const r = ZReconRun.safeParse(JSON.parse(text));
      return r.success ? [r.data] : [];
    });
  }

  async latest(migrationId: string): Promise<ReconRun | null> {
    return (await this.list(migrationId, 1))[0] ?? null;
  }
}
