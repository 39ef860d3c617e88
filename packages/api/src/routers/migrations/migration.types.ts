/** Shared shapes of the `migrations` and `recon` routers (DESIGN §7). Browser-safe. */
import { z } from 'zod';
import { ZMigrationPhase } from '@switchyard/core';

const counter = z.number().int().min(0);

export const ZMigrationScope = z.object({ modulo: z.number().int().min(2), remainder: z.number().int().min(0) });

export const ZMigrationView = z.object({
  id: z.string(),
  name: z.string(),
  code: z.number().int(),
  from: z.string(),
  to: z.string(),
  scope: ZMigrationScope.nullable(),
  phase: ZMigrationPhase,
  grayReadPercent: z.number(),
  stopDualWritePercent: z.number(),
  /** The percentage that belongs to the phase (gray read, or stop-dual-write), else 0. */
  percent: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
});
export type TMigrationView = z.infer<typeof ZMigrationView>;

export const ZMigrationEventView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  fromPhase: z.string().nullable(),
  toPhase: z.string(),
  percent: z.number().nullable(),
  reason: z.string(),
  override: z.string().nullable(),
  version: z.number().int().nullable(),
  effects: z.array(z.string()),
});

export const ZReconCountersView = z.object({
  scanned: counter,
  equal: counter,
  differing: counter,
  resolvedOnRecheck: counter,
  repaired: counter,
  unresolved: counter,
});

export const ZReconRunView = ZReconCountersView.extend({
  id: z.string(),
  migrationId: z.string(),
  direction: z.enum(['forward', 'reverse']),
  truth: z.enum(['old', 'new']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  finished: z.boolean(),
  aborted: z.boolean(),
  truncated: z.boolean(),
  byKeyType: z.record(z.string(), ZReconCountersView),
  samples: z.array(z.object({ key: z.string(), keyType: z.string(), reason: z.string(), outcome: z.string() })),
  /** Differences a reconciliation filter accepts (not in `unresolved`); set on the latest runs. */
  filtered: counter.optional(),
});
export type TReconRunView = z.infer<typeof ZReconRunView>;

export const ZBackfillView = z.object({
  scanned: counter,
  inScope: counter,
  copied: counter,
  skipped: counter,
  conflicts: counter,
  done: z.boolean(),
  /** Checkpoints summed (a cluster source keeps one per master). */
  checkpoints: counter,
  updatedAt: z.string().nullable(),
});

export const ZCompensationView = z.object({ reachable: z.boolean(), queued: counter, dead: counter });

export const ZMigrationStatus = ZMigrationView.extend({
  publishedVersion: z.number().int(),
  backfill: ZBackfillView,
  compensation: ZCompensationView,
  latestRecon: z.object({ forward: ZReconRunView.nullable(), reverse: ZReconRunView.nullable(), unresolved: counter }),
  events: z.array(ZMigrationEventView),
});
export type TMigrationStatus = z.infer<typeof ZMigrationStatus>;

export const ZTransitionResponse = z.object({
  migration: ZMigrationView,
  version: z.number().int(),
  draftRevision: z.number().int().nullable(),
  effects: z.array(z.string()),
});
export type TTransitionResponse = z.infer<typeof ZTransitionResponse>;

export const ZMigrationId = z.object({ id: z.string().min(1).max(100) });
