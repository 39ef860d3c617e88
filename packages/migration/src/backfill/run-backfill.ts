/**
 * Backfill (DESIGN §7 step 2, seed 001 §8.3.2): SCAN the source, copy every in-scope key to
 * the target "if absent", at a bounded rate, persisting the cursor so a restarted worker
 * resumes. SCAN guarantees every key present for the whole scan is returned at least once,
 * so resuming from a checkpoint misses nothing; keys seen twice are harmless under NX.
 *
 * Throughput: the next SCAN runs while earlier batches are being copied (up to
 * `concurrency` batches in flight); see ordered-checkpoints.ts for why that stays safe.
 */
import type { Redis } from 'ioredis';
import { scanTargets, type DataClient } from '../shared/data-client.ts';
import { RateLimiter } from '../shared/rate-limiter.ts';
import { scanPages } from '../shared/scan-pages.ts';
import type { KeyScope } from '../shared/types.ts';
import type { CursorStore } from '../stores/cursor-store.ts';
import { addCounts, copyBatch, zeroCounts, type BatchCounts, type CopySettings } from './copy-batch.ts';
import { OrderedCheckpoints } from './ordered-checkpoints.ts';

export interface BackfillOptions {
  /** Checkpoint key, usually the migration ID; a cluster source keeps one per master (`<jobId>@host:port`). */
  jobId: string;
  source: DataClient;
  target: DataClient;
  scope: KeyScope;
  cursorStore: CursorStore;
  /** SCAN COUNT hint and the unit of one read/write script call. Default 1000. */
  batchSize?: number;
  /** Keys per second across the job (scanned keys); null/undefined = unlimited. */
  keysPerSecond?: number | null;
  /** Collections with more elements than this are copied in chunks. Default 512. */
  inlineLimit?: number;
  /** DUMP payloads above this many bytes are copied in chunks instead. Default 512 KiB. */
  inlineBytes?: number;
  /** Elements per chunk for big keys. Default 512. */
  chunk?: number;
  /** Batches in flight. Default 4. */
  concurrency?: number;
  /** How often the checkpoint is written, besides the end. Default 250 ms. */
  checkpointEveryMs?: number;
  /** Stop after the batches in flight; the checkpoint is saved, `done` stays false. */
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress extends BatchCounts {
  cursor: string;
  done: boolean;
}

export async function runBackfill(o: BackfillOptions): Promise<BackfillProgress> {
  const nodes = scanTargets(o.source);
  if (nodes.length === 1 && nodes[0]!.node === null) return backfillNode(o, nodes[0]!.client);
  // A cluster source: each master in turn, each with its own cursor; totals add up.
  const sum: BackfillProgress = { ...zeroCounts(), cursor: '0', done: true };
  for (const { client, node } of nodes) {
    if (o.signal?.aborted) return { ...sum, done: false };
    const r = await backfillNode({ ...o, jobId: `${o.jobId}@${node}` }, client);
    addCounts(sum, r);
    sum.done &&= r.done;
  }
  return sum;
}

async function backfillNode(o: BackfillOptions, source: Redis): Promise<BackfillProgress> {
  const saved = await o.cursorStore.load(o.jobId);
  const totals = zeroCounts();
  if (saved) addCounts(totals, saved);
  let cursor = saved?.cursor ?? '0';
  if (saved?.done) return { ...totals, cursor, done: true };

  const settings: CopySettings = {
    source,
    target: o.target,
    scope: o.scope,
    inlineLimit: o.inlineLimit ?? 512,
    inlineBytes: o.inlineBytes ?? 512 * 1024,
    chunk: o.chunk ?? 512,
  };
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const limiter = new RateLimiter(o.keysPerSecond ?? null);
  const cp = new OrderedCheckpoints(
    o.cursorStore,
    o.jobId,
    saved?.startedAt ?? new Date().toISOString(),
    totals,
    cursor,
    o.checkpointEveryMs ?? 250,
    o.onProgress,
  );
  let scanning = true;
  const pages = scanPages(source, cursor, o.batchSize ?? 1000);
  while (scanning && cp.failure === null && !o.signal?.aborted) {
    let keys: Buffer[];
    try {
      const page = await pages.next();
      if (page.done) break;
      cursor = page.value.cursor;
      keys = page.value.keys;
    } catch (err) {
      cp.failure = err;
      break;
    }
    await limiter.take(keys.length, o.signal);
    cp.add(cursor, copyBatch(settings, keys));
    while (cp.size >= concurrency) await cp.drainHead();
    if (cursor === '0') scanning = false;
  }
  await cp.drainAll();
  const done = cp.failure === null && !scanning;
  await cp.save(done);
  if (cp.failure !== null) throw cp.failure;
  const result = { ...totals, cursor: cp.checkpointed, done };
  o.onProgress?.(result);
  return result;
}
