/** The only file that reads process.env; everything else receives typed options. */
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const ZMigratorEnv = z.object({
  DATABASE_URL: z.string().min(1),
  MIGRATOR_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .default('migrator-1'),
  /** The instance that holds compensation streams and dead letters. */
  CONTROL_INSTANCE: z.string().min(1).default('control'),
  /** How often the latest published config is read from Postgres. */
  MIGRATOR_POLL_MS: positiveInt.default(1500),
  BACKFILL_KEYS_PER_SECOND: positiveInt.default(50_000),
  RECON_KEYS_PER_SECOND: positiveInt.default(50_000),
  /** Delay before a difference is re-checked (DESIGN §7: 30 s). */
  RECON_RECHECK_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  /** Pause between reconciliation rounds (forward then reverse) from RECONCILE on. */
  RECON_INTERVAL_MS: positiveInt.default(60_000),
  COMP_MAX_ATTEMPTS: positiveInt.default(8),
  COMP_BACKOFF_BASE_MS: positiveInt.default(1000),
  COMP_BACKOFF_MAX_MS: positiveInt.default(60_000),
  /** Back-off after a task fails (instance down, database down). */
  MIGRATOR_RETRY_MS: positiveInt.default(2000),
  /** Write-log mirrors (docs/MIRROR-MODES.md): pause between checker passes, and how long an
   * entry stays pending with a dead consumer before the redo claims it. */
  WRITE_LOG_CHECK_INTERVAL_MS: positiveInt.default(5000),
  WRITE_LOG_CLAIM_IDLE_MS: positiveInt.default(5000),
});
export type TMigratorEnv = z.infer<typeof ZMigratorEnv>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): TMigratorEnv {
  const parsed = ZMigratorEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid migrator environment:\n${lines}`);
  }
  return parsed.data;
}
