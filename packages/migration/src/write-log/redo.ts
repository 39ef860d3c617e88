/**
 * The redo worker (seed 004's shipper + redo in one loop): reads the write log with a
 * consumer group, copies each logged key's latest value from the home to the mirror(s) and
 * acknowledges the entries only after every mirror took the copy. A crash leaves the entries
 * pending; the restarted worker (any consumer) claims them with XAUTOCLAIM once idle.
 * Within a batch each key is copied once: only its newest value matters.
 */
import type { Redis } from 'ioredis';
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import type { DataClient } from '../shared/data-client.ts';
import { sleep } from '../shared/types.ts';
import { copyLatest } from './copy-latest.ts';
import { claimStale, ensureWriteLogGroup, readNew, type LogEntry } from './stream.ts';
import { writeLogStatsKey } from './status.ts';

export interface WriteLogTarget {
  code: number;
  control: Redis;
  home: DataClient;
  mirrors: readonly DataClient[];
}

export interface RedoOptions {
  /** Unique per worker process. */
  consumer: string;
  /** Entries per read. Default 500. */
  count?: number;
  /** XREADGROUP BLOCK on `reader` (a dedicated connection); 0 = no block. */
  blockMs?: number;
  reader?: Redis;
  /** Pending entries idle this long belong to a dead consumer and are claimed. Default 5000. */
  claimIdleMs?: number;
}

export interface RedoTotals {
  entries: number;
  keys: number;
}

/** One pass: stale pending entries first, then new ones. */
export async function redoOnce(t: WriteLogTarget, o: RedoOptions): Promise<RedoTotals> {
  const count = o.count ?? 500;
  let entries = await claimStale(t.control, t.code, o.consumer, o.claimIdleMs ?? 5_000, count);
  if (entries.length === 0) entries = await readNew(o.reader ?? t.control, t.code, o.consumer, count, o.blockMs ?? 0);
  if (entries.length === 0) return { entries: 0, keys: 0 };
  const keys = distinctKeys(entries);
  for (const mirror of t.mirrors) await copyLatest(t.home, mirror, keys);
  const ids = [...new Set(entries.map((e) => e.id))];
  await t.control
    .multi()
    .xack(writeLogStream(t.code), WRITE_LOG_GROUP, ...ids)
    .hincrby(writeLogStatsKey(t.code), 'redoneEntries', ids.length)
    .hincrby(writeLogStatsKey(t.code), 'redoneKeys', keys.length)
    .exec();
  return { entries: ids.length, keys: keys.length };
}

export function distinctKeys(entries: readonly LogEntry[]): Buffer[] {
  const seen = new Map<string, Buffer>();
  for (const e of entries) seen.set(e.key.toString('latin1'), e.key);
  return [...seen.values()];
}

export interface RunRedoOptions extends RedoOptions {
  signal: AbortSignal;
  retryMs?: number;
  onBatch?: (t: RedoTotals) => void;
  onError?: (err: unknown) => void;
}

/** Runs redo passes until the signal aborts; failures (an instance down) back off and retry. */
export async function runRedo(t: WriteLogTarget, o: RunRedoOptions): Promise<void> {
  let ready = false;
  while (!o.signal.aborted) {
    try {
      if (!ready) {
        await ensureWriteLogGroup(t.control, t.code);
        ready = true;
      }
      const totals = await redoOnce(t, { ...o, blockMs: o.reader ? (o.blockMs ?? 200) : 0 });
      if (totals.entries > 0) o.onBatch?.(totals);
      else if (!o.reader) await sleep(o.blockMs ?? 50, o.signal);
    } catch (err) {
      o.onError?.(err);
      await sleep(o.retryMs ?? 500, o.signal);
    }
  }
}
