/**
 * What the API needs from its host process. The console builds this once from its env;
 * tests build it around a throw-away database. Nothing in packages/api reads process.env.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

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
  /** Identifies this console process as a workflow lease owner. */
  processId: string;
  faults?: WorkflowFaults;
}

export const apiDeps = (db: Db, options: Partial<ApiOptions> = {}, faults?: WorkflowFaults): ApiDeps => ({
  db,
  options: { ...DEFAULT_API_OPTIONS, ...options },
  processId: randomUUID(),
  ...(faults ? { faults } : {}),
});
