/**
 * One database pool and one set of API options per server process. Kept on globalThis so
 * `next dev` hot reloads do not open a new pool on every edit.
 */
import { apiDeps, type ApiDeps } from '@switchyard/api';
import { createDb } from '@switchyard/db/client';
import { consoleEnv } from './env.ts';

const holder = globalThis as typeof globalThis & { __switchyardApiDeps?: ApiDeps };

export function getApiDeps(): ApiDeps {
  if (!holder.__switchyardApiDeps) {
    const env = consoleEnv();
    const deps = apiDeps(createDb(env.DATABASE_URL), {
      configPollTimeoutMs: env.CONFIG_POLL_TIMEOUT_MS,
      configPollRecheckMs: env.CONFIG_POLL_RECHECK_MS,
      redisTimeoutMs: env.REDIS_ADMIN_TIMEOUT_MS,
      resyncTimeoutMs: env.FAILBACK_RESYNC_TIMEOUT_MS,
      metricsRetentionDays: env.METRICS_RETENTION_DAYS,
      reconMaxAgeMs: env.RECON_MAX_AGE_MS,
      backfillKeysPerSecond: env.BACKFILL_KEYS_PER_SECOND,
      workflowLeaseMs: env.WORKFLOW_LEASE_MS,
      workflowRetryMs: env.WORKFLOW_RETRY_MS,
      workerConvergeTimeoutMs: env.WORKER_CONVERGE_TIMEOUT_MS,
    });
    // Held config polls LISTEN here for publishes made by other console replicas (issue 20).
    holder.__switchyardApiDeps = { ...deps, databaseUrl: env.DATABASE_URL };
  }
  return holder.__switchyardApiDeps;
}
