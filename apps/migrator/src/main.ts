/**
 * Entry point: `node --import tsx apps/migrator/src/main.ts`. Prints the ready line
 * `{"event":"ready",...}` on stdout once the first config has been read.
 */
import { createDb } from '@switchyard/db/client';
import { readEnv } from './env.ts';
import { startMigrator } from './migrator.ts';

const env = readEnv();
const db = createDb(env.DATABASE_URL, { max: 4 });
const log = (event: string, fields: Record<string, unknown>): void => {
  process.stdout.write(
    JSON.stringify({ at: new Date().toISOString(), event, worker: env.MIGRATOR_NAME, ...fields }) + '\n',
  );
};

const migrator = await startMigrator({
  db,
  log,
  name: env.MIGRATOR_NAME,
  controlInstance: env.CONTROL_INSTANCE,
  pollMs: env.MIGRATOR_POLL_MS,
  backfillKeysPerSecond: env.BACKFILL_KEYS_PER_SECOND,
  reconKeysPerSecond: env.RECON_KEYS_PER_SECOND,
  recheckDelayMs: env.RECON_RECHECK_DELAY_MS,
  reconIntervalMs: env.RECON_INTERVAL_MS,
  compMaxAttempts: env.COMP_MAX_ATTEMPTS,
  compBackoffBaseMs: env.COMP_BACKOFF_BASE_MS,
  compBackoffMaxMs: env.COMP_BACKOFF_MAX_MS,
  retryMs: env.MIGRATOR_RETRY_MS,
  requestCheckMs: env.MIGRATOR_POLL_MS,
  writeLogCheckIntervalMs: env.WRITE_LOG_CHECK_INTERVAL_MS,
  writeLogClaimIdleMs: env.WRITE_LOG_CLAIM_IDLE_MS,
});
log('ready', { pid: process.pid, configVersion: migrator.version });

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log('stopping', { signal });
  void migrator
    .stop()
    .then(() => db.$disconnect())
    .then(() => process.exit(0));
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
