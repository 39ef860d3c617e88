/** The console server's environment, validated once. The only place the console reads process.env. */
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ZConsoleEnv = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgresql://…)'),
  /** How long GET /api/config holds a worker's poll before 304 (DESIGN §6: about 25 s). */
  CONFIG_POLL_TIMEOUT_MS: ms(25_000),
  /** How often a held poll re-reads the database, for publishes made by other processes. */
  CONFIG_POLL_RECHECK_MS: ms(1_000),
  /** Connect/command timeout of Redis admin probes (INFO replication, REPLICAOF). */
  REDIS_ADMIN_TIMEOUT_MS: ms(1_000),
  /** Upper bound of the failback wait for a home to catch up with its promoted mirror. */
  FAILBACK_RESYNC_TIMEOUT_MS: ms(15_000),
  /** Days of heartbeat metric buckets kept for the dashboards (docs/METRICS.md). */
  METRICS_RETENTION_DAYS: z.coerce.number().positive().max(366).default(7),
  /** Cutover gate: the latest reconciliation in both directions must be younger than this (24 h). */
  RECON_MAX_AGE_MS: ms(24 * 3600_000),
  /** The migrator's BACKFILL_KEYS_PER_SECOND, for the create preview's time estimate. */
  BACKFILL_KEYS_PER_SECOND: ms(50_000),
});

export type TConsoleEnv = z.infer<typeof ZConsoleEnv>;

let cached: TConsoleEnv | undefined;

export function consoleEnv(): TConsoleEnv {
  const blank = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
  cached ??= ZConsoleEnv.parse({
    DATABASE_URL: process.env.DATABASE_URL,
    CONFIG_POLL_TIMEOUT_MS: blank(process.env.CONFIG_POLL_TIMEOUT_MS),
    CONFIG_POLL_RECHECK_MS: blank(process.env.CONFIG_POLL_RECHECK_MS),
    REDIS_ADMIN_TIMEOUT_MS: blank(process.env.REDIS_ADMIN_TIMEOUT_MS),
    FAILBACK_RESYNC_TIMEOUT_MS: blank(process.env.FAILBACK_RESYNC_TIMEOUT_MS),
    METRICS_RETENTION_DAYS: blank(process.env.METRICS_RETENTION_DAYS),
    RECON_MAX_AGE_MS: blank(process.env.RECON_MAX_AGE_MS),
    BACKFILL_KEYS_PER_SECOND: blank(process.env.BACKFILL_KEYS_PER_SECOND),
  });
  return cached;
}
