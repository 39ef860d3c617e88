/**
 * What the API needs from its host process. The console builds this once from its env;
 * tests build it around a throw-away database. Nothing in packages/api reads process.env.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';
import {
  loginThrottle,
  DEFAULT_THROTTLE,
  type LoginThrottle,
  type LoginThrottleOptions,
} from './services/login-throttle.ts';
import {
  DEFAULT_REFUSAL_AUDIT,
  refusalAuditor,
  type RefusalAuditor,
  type RefusalAuditOptions,
} from './services/refusal-audit.ts';

export interface ApiOptions {
  /** How long `GET /api/config` holds a request before answering 304. */
  configPollTimeoutMs: number;
  /** How often a held poll re-reads the database (publishes from other processes). */
  configPollRecheckMs: number;
  /** Connect and command timeout for the health / replication probes and REPLICAOF. */
  redisTimeoutMs: number;
  /** Upper bound of the failback resync wait (home catching up with the promoted mirror). */
  resyncTimeoutMs: number;
  /** A worker counts as live when its last heartbeat is younger than this. */
  workerLiveMs: number;
  /** Lifetime of a console session cookie. */
  sessionTtlMs: number;
  /** Heartbeat metric buckets older than this are pruned (docs/METRICS.md). */
  metricsRetentionDays: number;
  /** Failed-login budgets per account and per source address (login-throttle.ts). */
  loginThrottle: LoginThrottleOptions;
  /** Bounds on audit rows of refused requests (refusal-audit.ts). */
  refusalAudit: RefusalAuditOptions;
  /** Request bodies above this are refused with 413 before they are parsed or audited. */
  maxRequestBytes: number;
  /** Cutover gate: the latest reconciliation runs must be younger than this (issue 15). */
  reconMaxAgeMs: number;
  /** The migrator's backfill rate, for the create preview's time estimate. */
  backfillKeysPerSecond: number;
  /** Keys a create preview may SCAN on the source before it extrapolates. */
  previewScanLimit: number;
  /** How long a console process owns a running failover/failback workflow without renewing it. */
  workflowLeaseMs: number;
  /** How often the resumer looks for abandoned or incomplete workflows (and unfenced homes). */
  workflowRetryMs: number;
  /** Upper bound of a workflow's wait for every live worker to apply the version it published. */
  workerConvergeTimeoutMs: number;
}

export const DEFAULT_API_OPTIONS: ApiOptions = {
  configPollTimeoutMs: 25_000,
  configPollRecheckMs: 1_000,
  redisTimeoutMs: 1_000,
  resyncTimeoutMs: 15_000,
  workerLiveMs: 15_000,
  sessionTtlMs: 12 * 60 * 60 * 1000,
  metricsRetentionDays: 7,
  loginThrottle: DEFAULT_THROTTLE,
  refusalAudit: DEFAULT_REFUSAL_AUDIT,
  maxRequestBytes: 1024 * 1024,
  reconMaxAgeMs: 24 * 3600_000,
  backfillKeysPerSecond: 50_000,
  previewScanLimit: 20_000,
  workflowLeaseMs: 60_000,
  workflowRetryMs: 5_000,
  workerConvergeTimeoutMs: 10_000,
};

/**
 * Test-only fault points of the workflow runner: throwing from one simulates the console
 * process dying right there (the workflow row is left exactly as a crash would leave it).
 */
export interface WorkflowFaults {
  /** `ran`: the step's Redis/publish effect happened, its `done` not yet recorded; `recorded`: both. */
  at(point: 'ran' | 'recorded', step: { kind: string; index: number; step: string; target: string }): void;
}

export interface ApiDeps {
  db: Db;
  options: ApiOptions;
  /** Per process, like the deps themselves: a restart forgets, which is fine for a brake. */
  loginThrottle: LoginThrottle;
  refusalAudit: RefusalAuditor;
  /** Identifies this console process as a workflow lease owner. */
  processId: string;
  faults?: WorkflowFaults;
  /**
   * The database's URL, for the LISTEN connection that wakes held config polls when another
   * console process publishes (issue 20). Absent: those publishes wait for the re-check.
   */
  databaseUrl?: string;
}

export function apiDeps(db: Db, options: Partial<ApiOptions> = {}, faults?: WorkflowFaults): ApiDeps {
  const merged = { ...DEFAULT_API_OPTIONS, ...options };
  return {
    db,
    options: merged,
    loginThrottle: loginThrottle(merged.loginThrottle),
    refusalAudit: refusalAuditor(merged.refusalAudit),
    processId: randomUUID(),
    ...(faults ? { faults } : {}),
  };
}
