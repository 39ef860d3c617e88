/**
 * The migrator's result broadcasts (issue 17 §3): every finished reconciliation run and every
 * new dead letter go to the notification outbox; the console's sender delivers them. A failed
 * enqueue is logged and never stops the job it reports on.
 */
import type { Db } from '@switchyard/db';
import { enqueueNotification } from '@switchyard/db/notify';
import { matchingFilter, type ReconFilterRule, type ReconRun } from '@switchyard/migration';

async function filtersFor(db: Db, migrationId: string): Promise<ReconFilterRule[]> {
  const rows = await db.reconFilter.findMany({ where: { OR: [{ migrationId: null }, { migrationId }] } });
  return rows.map((f) => ({
    name: f.name,
    migrationId: f.migrationId,
    keyType: f.keyType,
    keyPattern: f.keyPattern,
    field: f.field,
    why: f.why,
  }));
}

/** Unresolved net of reconciliation filters, as the console counts them. */
export async function notifyReconFinished(db: Db, run: ReconRun): Promise<number> {
  const filters = await filtersFor(db, run.migrationId);
  const filtered = run.differences.filter(
    (d) =>
      matchingFilter(filters, { ...d, migrationId: run.migrationId, oldValue: d.old.value, newValue: d.new.value }) !==
      null,
  ).length;
  const unresolved = Math.max(0, run.unresolved - filtered);
  return enqueueNotification(db, {
    type: 'recon.finished',
    severity: unresolved > 0 ? 'warning' : 'info',
    title: `Reconciliation ${run.migrationId} ${run.direction} finished`,
    summary:
      unresolved > 0
        ? `${unresolved} unresolved difference(s) of ${run.scanned} keys; see the migration page or syctl recon differences ${run.migrationId}`
        : `${run.scanned} keys compared, ${run.repaired} repaired, nothing unresolved`,
    fields: {
      migration: run.migrationId,
      direction: run.direction,
      truth: run.truth,
      scanned: run.scanned,
      differing: run.differing,
      resolvedOnRecheck: run.resolvedOnRecheck,
      repaired: run.repaired,
      unresolved,
      filtered,
      truncated: run.truncated,
    },
    at: run.finishedAt ?? new Date().toISOString(),
  });
}

export async function notifyDeadLetter(db: Db, migrationId: string, entry: string, error: string): Promise<number> {
  return enqueueNotification(db, {
    type: 'deadletter.new',
    severity: 'critical',
    title: `New dead letter in migration ${migrationId}`,
    summary: `a dual-write compensation gave up after its retries: ${error}. Replay or discard it on the migration page (syctl migrations dead-letters ${migrationId})`,
    fields: { migration: migrationId, entry, error },
    at: new Date().toISOString(),
  });
}

export interface WriteLogLagNotice {
  code: number;
  home: string;
  mirrors: string[];
  lagEntries: number;
  lagSeconds: number;
  maxLagSeconds: number;
  maxLagEntries: number;
  /** false: the lag went over a threshold; true: it came back under both. */
  recovered: boolean;
}

/**
 * Write-log mirror lag over its threshold (issue 17 §1), once per episode, and its recovery.
 * Both are `writelog.lag` (a webhook subscribed to it sees the whole episode); the recovery is `info`.
 */
export async function notifyWriteLogLag(db: Db, n: WriteLogLagNotice): Promise<number> {
  const mirrors = n.mirrors.join(', ');
  const lag = `${n.lagEntries} entries, ${n.lagSeconds.toFixed(1)} s behind`;
  return enqueueNotification(db, {
    type: 'writelog.lag',
    severity: n.recovered ? 'info' : 'critical',
    title: n.recovered
      ? `Write-log mirror ${mirrors} of code ${n.code} caught up`
      : `Write-log mirror ${mirrors} of code ${n.code} lags ${n.lagSeconds.toFixed(1)} s`,
    summary: n.recovered
      ? `back under the thresholds (${lag}); failover to the mirror is allowed again`
      : `${lag}, over the threshold (${n.maxLagSeconds} s / ${n.maxLagEntries} entries); failover to the mirror is refused until it catches up; see the Instances page, check the migrator (syctl status) and the mirror instance`,
    fields: {
      code: n.code,
      home: n.home,
      mirrors,
      state: n.recovered ? 'recovered' : 'over',
      lagEntries: n.lagEntries,
      lagSeconds: n.lagSeconds,
      maxLagSeconds: n.maxLagSeconds,
      maxLagEntries: n.maxLagEntries,
    },
    at: new Date().toISOString(),
  });
}
