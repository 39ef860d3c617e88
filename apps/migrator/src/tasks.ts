/**
 * The long-running jobs of one migration: the compensation consumer (every live phase), the
 * backfill (BACKFILL), and reconciliation rounds (RECONCILE and later, forward then reverse).
 * Each is an abortable loop that survives instance and database outages by backing off.
 */
import type { Db } from '@switchyard/db';
import {
  runBackfill,
  runCompensationConsumer,
  runReconciliation,
  type MigrationRuntime,
  type ReconRun,
} from '@switchyard/migration';
import { hostname } from 'node:os';
import { notifyReconFinished } from './notify.ts';
import { PgCursorStore, saveReconRun, takeReconRequest } from './pg-stores.ts';

export interface TaskSettings {
  name: string;
  backfillKeysPerSecond: number;
  reconKeysPerSecond: number;
  recheckDelayMs: number;
  reconIntervalMs: number;
  compMaxAttempts: number;
  compBackoffBaseMs: number;
  compBackoffMaxMs: number;
  retryMs: number;
  /** How often a waiting reconciler looks for a "re-run now" request. Default 1000. */
  requestCheckMs?: number;
}

export type Log = (event: string, fields: Record<string, unknown>) => void;

export interface Task {
  readonly kind: string;
  stop(): Promise<void>;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function startTask(kind: string, body: (signal: AbortSignal) => Promise<void>): Task {
  const controller = new AbortController();
  const running = body(controller.signal);
  return {
    kind,
    async stop() {
      controller.abort();
      await running;
    },
  };
}

/** Runs `step` until the signal aborts or it returns true; failures back off and retry. */
async function loop(
  signal: AbortSignal,
  retryMs: number,
  log: Log,
  what: Record<string, unknown>,
  step: () => Promise<boolean>,
): Promise<void> {
  while (!signal.aborted) {
    try {
      if (await step()) return;
    } catch (err) {
      log('task_failed', { ...what, error: err instanceof Error ? err.message : String(err) });
      await sleep(retryMs, signal);
    }
  }
}

export function startConsumer(rt: MigrationRuntime, s: TaskSettings, log: Log): Task {
  const what = { task: 'compensation', migration: rt.migration.id };
  return startTask('compensation', (signal) =>
    loop(signal, s.retryMs, log, what, async () => {
      // A fresh fast-fail client refuses commands until it connects: don't log that as an error.
      while (rt.control.status !== 'ready' && !signal.aborted) await sleep(50, signal);
      const totals = await runCompensationConsumer(rt, {
        consumer: `${s.name}-${hostname()}-${process.pid}`,
        signal,
        maxAttempts: s.compMaxAttempts,
        backoffBaseMs: s.compBackoffBaseMs,
        backoffMaxMs: s.compBackoffMaxMs,
        blockMs: 500,
      });
      log('compensation_stopped', { ...what, ...totals });
      return true;
    }),
  );
}

export function startBackfill(db: Db, rt: MigrationRuntime, s: TaskSettings, log: Log): Task {
  const what = { task: 'backfill', migration: rt.migration.id };
  const cursorStore = new PgCursorStore(db);
  return startTask('backfill', (signal) =>
    loop(signal, s.retryMs, log, what, async () => {
      const p = await runBackfill({
        jobId: rt.migration.id,
        source: rt.pair.old,
        target: rt.pair.new,
        scope: rt.scope,
        cursorStore,
        keysPerSecond: s.backfillKeysPerSecond,
        signal,
      });
      log('backfill_progress', { ...what, scanned: p.scanned, copied: p.copied, skipped: p.skipped, done: p.done });
      return p.done || signal.aborted;
    }),
  );
}

/**
 * Waits `ms`, or less when an operator asks for a run now ("re-run now" in the console:
 * a ReconRequest row, checked every `checkMs`).
 */
async function pauseUnlessRequested(
  db: Db,
  migrationId: string,
  ms: number,
  checkMs: number,
  signal: AbortSignal,
  log: Log,
): Promise<void> {
  const until = Date.now() + ms;
  while (!signal.aborted && Date.now() < until) {
    await sleep(Math.min(checkMs, until - Date.now()), signal);
    if (await takeReconRequest(db, migrationId).catch(() => false)) {
      log('recon_requested', { migration: migrationId });
      return;
    }
  }
}

/** Forward then reverse, stored in Postgres as they go, then a pause; until aborted. */
export function startReconciler(
  db: Db,
  rt: MigrationRuntime,
  kind: string,
  truth: 'old' | 'new',
  s: TaskSettings,
  log: Log,
): Task {
  const what = { task: 'reconcile', migration: rt.migration.id, truth };
  return startTask(kind, (signal) =>
    loop(signal, s.retryMs, log, what, async () => {
      for (const direction of ['forward', 'reverse'] as const) {
        if (signal.aborted) return true;
        // Saves are chained so an early snapshot never lands after the final one.
        let pending: Promise<void> = Promise.resolve();
        const save = (r: ReconRun): void => {
          const snapshot = structuredClone(r);
          pending = pending.then(() => saveReconRun(db, snapshot)).catch(() => undefined);
        };
        const run = await runReconciliation({
          migrationId: rt.migration.id,
          pair: rt.pair,
          scope: rt.scope,
          direction,
          truth,
          repair: true,
          recheckDelayMs: s.recheckDelayMs,
          keysPerSecond: s.reconKeysPerSecond,
          signal,
          onPhase: (_phase, r) => save(r),
        });
        // An aborted run stays unfinished: it must not clear the gray-read guard.
        await pending;
        if (!run.aborted) {
          await saveReconRun(db, run);
          await notifyReconFinished(db, run).catch((err: unknown) =>
            log('notify_failed', { ...what, error: err instanceof Error ? err.message : String(err) }),
          );
        }
        log('reconciled', {
          ...what,
          direction,
          scanned: run.scanned,
          differing: run.differing,
          repaired: run.repaired,
          unresolved: run.unresolved,
          aborted: run.aborted,
        });
      }
      await pauseUnlessRequested(db, rt.migration.id, s.reconIntervalMs, s.requestCheckMs ?? 1000, signal, log);
      return false;
    }),
  );
}
