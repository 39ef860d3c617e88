/**
 * One backfill batch: keep the keys in scope, DUMP them from the source and RESTORE the
 * absent ones on the target (one script call each), then merge the rest per type.
 */
import type { Redis } from 'ioredis';
import { DUMP_RECORDS } from '../lua/dump-records.lua.ts';
import { RESTORE_IF_ABSENT } from '../lua/restore-if-absent.lua.ts';
import { WRITE_IF_ABSENT } from '../lua/write-if-absent.lua.ts';
import { asNumber, type Arg } from '../lua/script.ts';
import { runKeyed, type DataClient } from '../shared/data-client.ts';
import { COPYABLE_TYPES, readRecords, recordArgs, ttlArg } from '../shared/records.ts';
import { keyText, type KeyScope } from '../shared/types.ts';
import { copyBigKey } from './copy-big-key.ts';

export interface BatchCounts {
  scanned: number;
  inScope: number;
  /** Keys created or merged into on the target. */
  copied: number;
  /** In scope, but nothing to write: present already, expired meanwhile, or not copyable. */
  skipped: number;
  /** The target holds the key with another type; left alone for reconciliation to report. */
  conflicts: number;
  bigKeys: number;
}

export const zeroCounts = (): BatchCounts => ({
  scanned: 0,
  inScope: 0,
  copied: 0,
  skipped: 0,
  conflicts: 0,
  bigKeys: 0,
});

export interface CopySettings {
  /** A standalone source, or one master of a cluster (its SCAN node). */
  source: Redis;
  target: DataClient;
  scope: KeyScope;
  /** Elements above which a collection is merged in chunks. */
  inlineLimit: number;
  /** DUMP payload bytes above which a key takes the chunked path instead of RESTORE. */
  inlineBytes: number;
  chunk: number;
}

export async function copyBatch(s: CopySettings, scannedKeys: readonly Buffer[]): Promise<BatchCounts> {
  const counts = zeroCounts();
  counts.scanned = scannedKeys.length;
  const keys = scannedKeys.filter((k) => s.scope.classify(keyText(k)) !== null);
  counts.inScope = keys.length;
  if (keys.length === 0) return counts;
  // Fast path: DUMP on the source, RESTORE-if-absent on the target, two script calls a batch.
  const flat = await runKeyed(DUMP_RECORDS, s.source, keys, [s.inlineBytes]);
  const restoreKeys: Buffer[] = [];
  const restoreArgs: Arg[][] = [];
  const slow: Buffer[] = [];
  for (let i = 0; i < keys.length; i++) {
    const pttl = asNumber(flat[2 * i]);
    const payload = flat[2 * i + 1];
    if (pttl === -2) counts.skipped++;
    else if (!Buffer.isBuffer(payload)) slow.push(keys[i]!);
    else {
      restoreKeys.push(keys[i]!);
      restoreArgs.push([ttlArg(pttl), payload]);
    }
  }
  const statuses = await runKeyed(RESTORE_IF_ABSENT, s.target, restoreKeys, [], (i) => restoreArgs[i]!);
  statuses.forEach((st, i) => {
    const status = asNumber(st);
    if (status === 1) counts.copied++;
    else if (status === 0) counts.skipped++;
    else slow.push(restoreKeys[i]!);
  });
  // Slow path: keys the dual-write created first (merge per type), big keys, refused payloads.
  if (slow.length > 0) await mergeKeys(s, slow, counts);
  return counts;
}

/** Per-type "if absent" merge: HSETNX / ZADD NX / SADD into an existing key, chunked for big ones. */
async function mergeKeys(s: CopySettings, keys: Buffer[], counts: BatchCounts): Promise<void> {
  const records = await readRecords(s.source, keys, s.inlineLimit);
  const writeKeys: Buffer[] = [];
  const writeArgs: Arg[][] = [];
  const big: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const rec = records[i]!;
    if (!COPYABLE_TYPES.has(rec.type)) counts.skipped++;
    else if (rec.items === null) big.push(i);
    else {
      writeKeys.push(keys[i]!);
      writeArgs.push(recordArgs(rec));
    }
  }
  const statuses = await runKeyed(WRITE_IF_ABSENT, s.target, writeKeys, [], (i) => writeArgs[i]!);
  for (const st of statuses) tally(counts, asNumber(st));
  for (const i of big) {
    counts.bigKeys++;
    tally(counts, await copyBigKey(s.source, s.target, keys[i]!, records[i]!, s.chunk));
  }
}

function tally(c: BatchCounts, status: number): void {
  if (status === 1 || status === 2) c.copied++;
  else if (status === 3) c.conflicts++;
  else c.skipped++;
}

export function addCounts(into: BatchCounts, add: BatchCounts): void {
  into.scanned += add.scanned;
  into.inScope += add.inScope;
  into.copied += add.copied;
  into.skipped += add.skipped;
  into.conflicts += add.conflicts;
  into.bigKeys += add.bigKeys;
}
