/**
 * @switchyard/migration: the data-moving half of shard migration (DESIGN §7, seed 001 §8).
 * Backfill, reconciliation (scheduled and realtime), dual-write compensation with dead
 * letters, and the stores they persist to. The phase state machine is pure and lives in
 * @switchyard/core (`planTransition`, `truthSideOf`).
 */
export type { DataType, InstancePair, KeyClass, KeyScope, Side } from './shared/types.ts';
export { otherSide } from './shared/types.ts';
export { fastFailRedisOptions, sideOfInstance, type MigrationEvent, type MigrationRuntime } from './shared/runtime.ts';
export { connectInstance, createRuntime, redisOptionsFor, type RuntimeInputs } from './shared/connect.ts';
export { isPerKey, scanTargets, type DataClient, type ScanTarget } from './shared/data-client.ts';
export { scopeAll, scopeFromConfig } from './scope/key-scope.ts';
export { countInScope, type ScopeCount } from './scope/count-scope.ts';
export { digestParts, type DigestParts, type KeyDigest, type KeyRecord } from './shared/records.ts';

export { runBackfill, type BackfillOptions, type BackfillProgress } from './backfill/run-backfill.ts';
export type { BatchCounts } from './backfill/copy-batch.ts';

export { runReconciliation, type ReconcileOptions } from './reconcile/run-reconciliation.ts';
export {
  MAX_DIFFERENCES_DESCRIBED,
  UNRESOLVED_WHY,
  ZDifferenceSide,
  ZReconCounters,
  ZReconDifference,
  ZReconRun,
  ZReconSample,
  type DifferenceSide,
  type ReconCounters,
  type ReconDifference,
  type ReconRun,
  type ReconSample,
  type UnresolvedWhy,
} from './reconcile/recon-run.ts';
export { previewRecord, printable } from './reconcile/describe-side.ts';
export {
  observeKey,
  repairFrom,
  repairKey,
  type Observed,
  type RepairOptions,
  type RepairOutcome,
  type RepairResult,
} from './reconcile/repair-key.ts';
export { reconcileKeyNow } from './reconcile/realtime.ts';
export { reconcileOnSchedule, type ScheduleOptions } from './reconcile/reconcile-on-schedule.ts';
export { createShadowCompare, type ShadowCounters } from './reconcile/shadow-compare.ts';
export { filterMatches, matchingFilter, type FilterableDifference, type ReconFilterRule } from './reconcile/filters.ts';

export {
  handlePrimaryWriteFailure,
  handleSecondaryWriteFailure,
  type FailureHandling,
  type HandleFailureOptions,
  type SecondaryWriteFailureInput,
} from './compensation/handle-failure.ts';
export {
  ensureCompensationGroup,
  processCompensationOnce,
  runCompensationConsumer,
  type ConsumerOptions,
  type ConsumerTotals,
  type RunConsumerOptions,
} from './compensation/consumer.ts';
export {
  compensationDepth,
  discardDeadLetter,
  listDeadLetters,
  replayDeadLetter,
  type DeadLetter,
  type ReplayResult,
} from './compensation/dead-letters.ts';
export { writtenKeys } from './compensation/written-keys.ts';
export { pickRuntime } from './compensation/pick-runtime.ts';
export { createLinkRuntime, dualCentreLinks, type DualCentreLink } from './compensation/dual-centre-links.ts';
export { COMP_GROUP, compErrorsKey, compStreamKey, deadStreamKey } from './compensation/stream-keys.ts';
export type { CompensationEntry } from './compensation/entry.ts';

export { runCleanup, type CleanupOptions, type CleanupProgress } from './cleanup/run-cleanup.ts';

export { ZBackfillCheckpoint, type BackfillCheckpoint, type CursorStore } from './stores/cursor-store.ts';
export { FileCursorStore } from './stores/file-cursor-store.ts';
export { backfillKey, RedisCursorStore } from './stores/redis-cursor-store.ts';
export { reconHistoryKey, RedisReconHistory, type ReconHistoryStore } from './stores/recon-history.ts';

export {
  copyLatest,
  readState,
  sameState,
  writeState,
  type CopyCounts,
  type KeyState,
} from './write-log/copy-latest.ts';
export {
  distinctKeys,
  redoOnce,
  runRedo,
  type RedoOptions,
  type RedoTotals,
  type RunRedoOptions,
  type WriteLogTarget,
} from './write-log/redo.ts';
export { checkOnce, compareIds, type CheckOptions, type CheckTotals } from './write-log/checker.ts';
export {
  lagOverThreshold,
  writeLogCheckedKey,
  writeLogLag,
  writeLogStatsKey,
  writeLogStatus,
  type WriteLogLag,
  type WriteLogStatus,
} from './write-log/status.ts';
export { ensureWriteLogGroup, idTime, parseEntries } from './write-log/stream.ts';
