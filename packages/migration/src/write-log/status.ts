/**
 * Write-log metrics (docs/MIRROR-MODES.md): lag in entries and seconds, read from the stream
 * and its consumer group, plus the redo and checker counters the worker keeps in a hash
 * beside the stream. One function for every reader: the console's Instances page and
 * failover preview, the failover interlock, and notifications ("lag over threshold").
 */
import type { Redis } from 'ioredis';
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import { idTime } from './stream.ts';

export const writeLogStatsKey = (code: number): string => `${writeLogStream(code)}:stats`;
/** The checker's cursor: the last entry ID it compared. */
export const writeLogCheckedKey = (code: number): string => `${writeLogStream(code)}:checked`;

export interface WriteLogLag {
  /** Entries logged but not yet applied to the mirror (undelivered + pending). */
  entries: number;
  /** Age of the oldest entry not yet applied; 0 when caught up. */
  seconds: number;
  pending: number;
}

export interface WriteLogStatus extends WriteLogLag {
  code: number;
  redoneEntries: number;
  redoneKeys: number;
  /** Keys per second the redo applied, over its last reporting interval. */
  redoPerSecond: number;
  checkedKeys: number;
  /** Keys the checker found different (before its retry), and still different after it. */
  differences: number;
  unresolved: number;
  lastCheckAt: string | null;
}

type GroupInfo = Record<string, string | number | null>;

function groupInfo(raw: unknown): GroupInfo | null {
  if (!Array.isArray(raw)) return null;
  for (const g of raw as unknown[]) {
    if (!Array.isArray(g)) continue;
    const info: GroupInfo = {};
    for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1] as string | number | null;
    if (info.name === WRITE_LOG_GROUP) return info;
  }
  return null;
}

export async function writeLogLag(control: Redis, code: number, now = Date.now()): Promise<WriteLogLag> {
  const stream = writeLogStream(code);
  if ((await control.exists(stream)) === 0) return { entries: 0, seconds: 0, pending: 0 };
  const group = groupInfo(await control.xinfo('GROUPS', stream));
  if (group === null) {
    // No redo has ever run: everything in the log is lag.
    const [entries, first] = await Promise.all([control.xlen(stream), control.xrange(stream, '-', '+', 'COUNT', 1)]);
    return { entries, seconds: first[0] ? ageSeconds(first[0][0], now) : 0, pending: 0 };
  }
  const pending = Number(group.pending ?? 0);
  const last = String(group['last-delivered-id'] ?? '0-0');
  const undelivered =
    group.lag === null || group.lag === undefined ? await countAfter(control, stream, last) : Number(group.lag);
  const summary = (await control.xpending(stream, WRITE_LOG_GROUP)) as [number, string | null, string | null, unknown];
  const oldestPending = summary[1];
  const oldest = oldestPending ?? (await control.xrange(stream, `(${last}`, '+', 'COUNT', 1))[0]?.[0] ?? null;
  return { entries: undelivered + pending, seconds: oldest === null ? 0 : ageSeconds(oldest, now), pending };
}

const ageSeconds = (id: string, now: number): number => Math.max(0, now - idTime(id)) / 1000;

/** When Redis cannot tell the lag (entries deleted after the group's position): count, bounded. */
async function countAfter(control: Redis, stream: string, id: string): Promise<number> {
  return (await control.xrange(stream, `(${id}`, '+', 'COUNT', 100_000)).length;
}

export async function writeLogStatus(control: Redis, code: number, now = Date.now()): Promise<WriteLogStatus> {
  const [lag, stats] = await Promise.all([writeLogLag(control, code, now), control.hgetall(writeLogStatsKey(code))]);
  const n = (f: string): number => Number(stats[f] ?? 0);
  return {
    code,
    ...lag,
    redoneEntries: n('redoneEntries'),
    redoneKeys: n('redoneKeys'),
    redoPerSecond: n('redoPerSecond'),
    checkedKeys: n('checkedKeys'),
    differences: n('differences'),
    unresolved: n('unresolved'),
    lastCheckAt: stats.lastCheckAt ?? null,
  };
}

/** Whether a write-log mirror lags more than the config's interlock thresholds. */
export function lagOverThreshold(lag: WriteLogLag, t: { maxLagSeconds: number; maxLagEntries: number }): boolean {
  return lag.seconds > t.maxLagSeconds || lag.entries > t.maxLagEntries;
}
