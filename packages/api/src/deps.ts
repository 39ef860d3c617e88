/**
 * What the API needs from its host process. The console builds this once from its env;
 * tests build it around a throw-away database. Nothing in packages/api reads process.env.
 */
import type { Db } from './db.ts';
import { loginThrottle, DEFAULT_THROTTLE, type LoginThrottle, type LoginThrottleOptions } from './services/login-throttle.ts';
import { DEFAULT_REFUSAL_AUDIT, refusalAuditor, type RefusalAuditor, type RefusalAuditOptions } from './services/refusal-audit.ts';

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
};

export interface ApiDeps {
  db: Db;
  options: ApiOptions;
  /** Per process, like the deps themselves: a restart forgets, which is fine for a brake. */
  loginThrottle: LoginThrottle;
  refusalAudit: RefusalAuditor;
}

export function apiDeps(db: Db, options: Partial<ApiOptions> = {}): ApiDeps {
  const merged = { ...DEFAULT_API_OPTIONS, ...options };
  return { db, options: merged, loginThrottle: loginThrottle(merged.loginThrottle), refusalAudit: refusalAuditor(merged.refusalAudit) };
}
