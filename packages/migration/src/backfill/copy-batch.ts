/**
 * One backfill batch: keep the keys in scope, DUMP them from the source and RESTORE the
 * absent ones on the target (one script call each), then merge the rest per type.
 */
import type { Redis } from 'ioredis';
import { DUMP_RECORDS, PACKED_HEADER_BYTES } from '../lua/dump-records.lua.ts';
import { RESTORE_IF_ABSENT } from '../lua/restore-if-absent.lua.ts';
import { WRITE_IF_ABSENT } from '../lua/write-if-absent.lua.ts';
import { asNumber, type Arg } from '../lua/script.ts';
import { KeyBatch } from '../lua/frame.ts';
import { isPerKey, runKeyed, runPacked, type DataClient } from '../shared/data-client.ts';
import { COPYABLE_TYPES, readRecords, recordArgs } from '../shared/records.ts';
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
  // Fast path: DUMP on the source, RESTORE-if-absent on the target, two script calls a
  // batch; the source's packed reply goes to the target as it came (no per-key Buffers),
  // and the keys are encoded once for both calls.
  const batch = new KeyBatch(keys);
  const packed = await runPacked(DUMP_RECORDS, s.source, batch, [s.inlineBytes]);
  const replies = isPerKey(s.target)
    ? await runPacked(RESTORE_IF_ABSENT, s.target, batch, [], perKeyEntries(packed, keys.length))
    : await runPacked(RESTORE_IF_ABSENT, s.target, batch, [packed.length === 1 ? packed[0]! : Buffer.concat(packed)]);
  const statuses = replies.length === 1 ? replies[0]! : Buffer.concat(replies);
  if (statuses.length !== keys.length) throw new Error(`restore-packed answered ${statuses.length} of ${keys.length}`);
  const slow: Buffer[] = [];
  for (let i = 0; i < keys.length; i++) {
    const st = statuses[i];
    if (st === STATUS_RESTORED || st === STATUS_TTL_APPLIED) counts.copied++;
    else if (st === STATUS_PRESENT || st === STATUS_GONE) counts.skipped++;
    else slow.push(keys[i]!); // merge into an existing collection, refused payload, too big
  }
  // Slow path: keys the dual-write created first (merge per type), big keys, refused payloads.
  if (slow.length > 0) await mergeKeys(s, slow, counts);
  return counts;
}

const STATUS_RESTORED = '1'.charCodeAt(0);
const STATUS_PRESENT = '0'.charCodeAt(0);
const STATUS_TTL_APPLIED = 't'.charCodeAt(0);
const STATUS_GONE = 'g'.charCodeAt(0);

/** A cluster target runs the restore per key: each key gets its own entry of the packed reply. */
function perKeyEntries(packed: readonly Buffer[], count: number): (i: number) => readonly Arg[] {
  const entries: Buffer[] = [];
  for (const blob of packed) {
    let off = 0;
    while (off < blob.length) {
      const len = Math.max(0, blob.readInt32BE(off + 8));
      entries.push(blob.subarray(off, off + PACKED_HEADER_BYTES + len));
      off += PACKED_HEADER_BYTES + len;
    }
  }
  if (entries.length !== count) throw new Error(`dump-packed answered ${entries.length} of ${count} keys`);
  return (i) => [entries[i]!];
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
