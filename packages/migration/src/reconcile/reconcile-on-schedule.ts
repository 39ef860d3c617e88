/**
 * The worker's reconciliation schedule (seed 001 §8.3.3.2): forward passes (old→new, the
 * full check) every couple of hours, reverse passes (new→old, smaller and quicker) more
 * often; every run is stored for the dashboards and the gray-read guard. The truth side
 * follows the migration's current phase, read at the start of each run.
 */
import { truthSideOf, type TMigrationPhase } from '@switchyard/core';
import type { MigrationRuntime } from '../shared/runtime.ts';
import { sleep } from '../shared/types.ts';
import type { ReconHistoryStore } from '../stores/recon-history.ts';
import type { ReconRun } from './recon-run.ts';
import { runReconciliation, type ReconcileOptions } from './run-reconciliation.ts';

export interface ScheduleOptions {
  history: ReconHistoryStore;
  /** The migration's phase now (the published config changes under a long-running worker). */
  phase: () => TMigrationPhase;
  signal: AbortSignal;
  /** Default 2 h. */
  forwardEveryMs?: number;
  /** Default 30 min. */
  reverseEveryMs?: number;
  /** Passed to every run (delay, rate, batch…). */
  run?: Partial<
    Pick<
      ReconcileOptions,
      'recheckDelayMs' | 'recheckRounds' | 'repair' | 'batchSize' | 'keysPerSecond' | 'maxDifferences' | 'concurrency'
    >
  >;
  onRun?: (run: ReconRun) => void;
}

export async function reconcileOnSchedule(rt: MigrationRuntime, o: ScheduleOptions): Promise<void> {
  const every = { forward: o.forwardEveryMs ?? 2 * 3600_000, reverse: o.reverseEveryMs ?? 30 * 60_000 };
  const due = { forward: Date.now(), reverse: Date.now() };
  while (!o.signal.aborted) {
    const direction = due.forward <= due.reverse ? 'forward' : 'reverse';
    await sleep(due[direction] - Date.now(), o.signal);
    if (o.signal.aborted) break;
    try {
      const run = await runReconciliation({
        ...o.run,
        migrationId: rt.migration.id,
        pair: rt.pair,
        scope: rt.scope,
        direction,
        truth: truthSideOf(o.phase()),
        signal: o.signal,
      });
      await o.history.save(run);
      o.onRun?.(run);
    } catch (err) {
      rt.onEvent?.({
        event: 'reconciliation_failed',
        migration: rt.migration.id,
        direction,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    due[direction] = Date.now() + every[direction];
  }
}
