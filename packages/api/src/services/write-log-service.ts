/**
 * Write-log mirrors in the console (docs/MIRROR-MODES.md): each mirror's lag (entries and
 * seconds), redo throughput and checker counts, read live from the control instance; and the
 * failover interlock that refuses a switch while a write-log mirror lags over the config's
 * threshold (overridable with a reason, like a mirror that is down).
 */
import { writeLogMirrors, type TConfigSnapshot } from '@switchyard/core';
import { lagOverThreshold, writeLogStatus } from '@switchyard/migration';
import type { TInterlock } from './failover-plan.ts';
import { withControl } from './migration-control.ts';

export interface TWriteLogMirrorStatus {
  code: number;
  home: string;
  mirror: string;
  region: string;
  /** False when the control instance (which holds the log) did not answer: lag unknown. */
  reachable: boolean;
  lagEntries: number | null;
  lagSeconds: number | null;
  redoPerSecond: number | null;
  checkedKeys: number | null;
  differences: number | null;
  unresolved: number | null;
  lastCheckAt: string | null;
  overThreshold: boolean;
}

export async function writeLogStatuses(
  snapshot: TConfigSnapshot,
  timeoutMs: number,
  codes?: ReadonlySet<number>,
): Promise<TWriteLogMirrorStatus[]> {
  const mirrors = writeLogMirrors(snapshot).filter((m) => codes === undefined || codes.has(m.code));
  if (mirrors.length === 0) return [];
  const byCode = await withControl(
    snapshot,
    timeoutMs,
    async (c) =>
      new Map(
        await Promise.all(
          [...new Set(mirrors.map((m) => m.code))].map(async (code) => [code, await writeLogStatus(c, code)] as const),
        ),
      ),
  );
  return mirrors.map((m) => {
    const s = byCode?.get(m.code);
    if (!s)
      return {
        ...m,
        reachable: false,
        lagEntries: null,
        lagSeconds: null,
        redoPerSecond: null,
        checkedKeys: null,
        differences: null,
        unresolved: null,
        lastCheckAt: null,
        overThreshold: true,
      };
    return {
      ...m,
      reachable: true,
      lagEntries: s.entries,
      lagSeconds: s.seconds,
      redoPerSecond: s.redoPerSecond,
      checkedKeys: s.checkedKeys,
      differences: s.differences,
      unresolved: s.unresolved,
      lastCheckAt: s.lastCheckAt,
      overThreshold: lagOverThreshold(s, snapshot.writeLog),
    };
  });
}

/** Soft interlocks for the write-log mirrors a failover of `from` would promote. */
export function writeLogInterlocks(
  snapshot: TConfigSnapshot,
  statuses: readonly TWriteLogMirrorStatus[],
): TInterlock[] {
  const t = snapshot.writeLog;
  return statuses.flatMap((s): TInterlock[] => {
    if (!s.reachable)
      return [
        {
          code: 'WRITE_LOG_UNKNOWN',
          message: `write-log mirror ${s.mirror} of code ${s.code}: the control instance holding its log did not answer, so its lag is unknown`,
          overridable: true,
        },
      ];
    if (!s.overThreshold) return [];
    return [
      {
        code: 'WRITE_LOG_LAG',
        message: `write-log mirror ${s.mirror} of code ${s.code} lags ${s.lagEntries} entries / ${s.lagSeconds?.toFixed(1)} s (limit ${t.maxLagEntries} entries / ${t.maxLagSeconds} s): writes not yet copied would be missing after the switch; wait for the migrator's redo to catch up, or override with a reason`,
        overridable: true,
      },
    ];
  });
}
