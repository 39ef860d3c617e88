/** The console server's environment, validated once. The only place the console reads process.env. */
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ZConsoleEnv = z
  .object({
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
    /** A console that stops renewing a failover/failback workflow's lease loses it after this (docs/WORKFLOWS.md). */
    WORKFLOW_LEASE_MS: ms(60_000),
    /** How often the start-up resumer looks for abandoned/incomplete workflows and unfenced homes. */
    WORKFLOW_RETRY_MS: ms(5_000),
    /** Upper bound of a workflow's wait for every live worker to apply its publish before promoting. */
    WORKER_CONVERGE_TIMEOUT_MS: ms(10_000),
  })
  .refine((e) => e.WORKFLOW_LEASE_MS > Math.max(e.FAILBACK_RESYNC_TIMEOUT_MS, e.WORKER_CONVERGE_TIMEOUT_MS) + 5_000, {
    // A lease shorter than the longest step would let a second console take over a live workflow.
    message:
      'WORKFLOW_LEASE_MS must exceed FAILBACK_RESYNC_TIMEOUT_MS and WORKER_CONVERGE_TIMEOUT_MS by at least 5000 ms',
    path: ['WORKFLOW_LEASE_MS'],
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
    WORKFLOW_LEASE_MS: blank(process.env.WORKFLOW_LEASE_MS),
    WORKFLOW_RETRY_MS: blank(process.env.WORKFLOW_RETRY_MS),
    WORKER_CONVERGE_TIMEOUT_MS: blank(process.env.WORKER_CONVERGE_TIMEOUT_MS),
  });
  return cached;
}

/**
 * True in the Node.js server runtime outside `next build`: where the console runs its
 * start-up jobs (the workflow resumer). Edge and build workers skip them.
 */
export function isNodeServerRuntime(): boolean {
  return process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build';
}
