/**
 * Scheduled reconciliation (DESIGN §7 step 3, seed 001 §8.3.3.2): scan one side within the
 * scope, compare each key with the other side by type-aware digests (value bytes, hash
 * fields, zset members with scores, set members, list order, TTL presence), re-check the
 * differences after a delay (a dual write may have been halfway), then repair what is still
 * different (repair-key.ts) and count the rest as unresolved. Unresolved keys are described
 * with both sides (type, TTL, value) and why, in `run.differences`, for the console's list.
 */
import { RateLimiter } from '../shared/rate-limiter.ts';
import { scanTargets, type ScanTarget } from '../shared/data-client.ts';
import { scanPages } from '../shared/scan-pages.ts';
import { digestKeys } from '../shared/records.ts';
import { keyText, sleep, type InstancePair, type KeyClass, type KeyScope, type Side } from '../shared/types.ts';
import { describeDifference } from './difference.ts';
import { describeSides } from './describe-side.ts';
import {
  bump,
  MAX_DIFFERENCES_DESCRIBED,
  MAX_SAMPLES,
  newRun,
  UNRESOLVED_WHY,
  type ReconRun,
  type ReconSample,
  type UnresolvedWhy,
} from './recon-run.ts';
import { observeBatch } from './observe-batch.ts';
import { observeKey, repairKey, type Observed } from './repair-key.ts';

export interface ReconcileOptions {
  migrationId: string;
  pair: InstancePair;
  scope: KeyScope;
  /** forward scans old and compares with new; reverse scans new and compares with old. */
  direction: 'forward' | 'reverse';
  /** The side plain values are repaired from: truthSideOf(migration.phase). */
  truth: Side;
  /** Repair what still differs after the re-check. Default true. */
  repair?: boolean;
  /** Delay before a difference is re-checked. Default 30 s (seed 001 §8.3.3.2). */
  recheckDelayMs?: number;
  /** Re-checks before a difference counts. Default 1. */
  recheckRounds?: number;
  /** SCAN COUNT and digest batch. Default 1000. */
  batchSize?: number;
  keysPerSecond?: number | null;
  /** Differences held for re-check; beyond this they count as unresolved. Default 100 000. */
  maxDifferences?: number;
  /** Batches compared in parallel (per scanned node). Default 4. */
  concurrency?: number;
  /** Cluster master nodes scanned in parallel. Default 8; 1 scans them one after another. */
  nodeConcurrency?: number;
  signal?: AbortSignal;
  onProgress?: (run: ReconRun) => void;
  /** Called when the scan is complete ('scanned', before the re-check delay) and after the re-check. */
  onPhase?: (phase: 'scanned' | 'rechecked', run: ReconRun) => void;
}

interface Difference {
  key: Buffer;
  cls: KeyClass;
  sample: ReconSample | null;
  observed: Observed;
  at: number;
}

interface Unresolved {
  d: Difference;
  why: UnresolvedWhy;
  detail: string;
}

/** Unresolved keys of the run in progress, described when it finishes (bounded). */
const unresolvedOf = new WeakMap<ReconRun, Unresolved[]>();

export async function runReconciliation(o: ReconcileOptions): Promise<ReconRun> {
  const run = newRun(o.migrationId, o.direction, o.truth, o.repair ?? true);
  unresolvedOf.set(run, []);
  const diffs = await scanAndCompare(o, run);
  o.onPhase?.('scanned', run);
  if (!run.aborted) await recheck(o, run, diffs);
  o.onPhase?.('rechecked', run);
  if (!run.aborted && run.repair) await repairAll(o, run, diffs);
  for (const d of diffs) settle(run, d, 'unresolved', run.aborted ? 'ABORTED' : 'REPAIR_OFF');
  if (!run.aborted) await describeUnresolved(o, run);
  run.finishedAt = new Date().toISOString();
  o.onProgress?.(run);
  return run;
}

/** Reads both sides of each unresolved key (small inline limit) into run.differences. */
async function describeUnresolved(o: ReconcileOptions, run: ReconRun): Promise<void> {
  const list = unresolvedOf.get(run) ?? [];
  for (let i = 0; i < list.length; i += 200) {
    const chunk = list.slice(i, i + 200);
    const keys = chunk.map((u) => u.d.key);
    const formats = chunk.map((u) => u.d.cls.valueFormat);
    // Fresh digests: the CAS of an operator's repair must expect what the list shows.
    const [od, nd] = await Promise.all([digestKeys(o.pair.old, keys), digestKeys(o.pair.new, keys)]);
    const [olds, news] = await Promise.all([
      describeSides(o.pair.old, keys, od, formats),
      describeSides(o.pair.new, keys, nd, formats),
    ]);
    chunk.forEach((u, j) => {
      // Gone by now (a later write made the sides agree): nothing for a person to decide.
      if (od[j] === nd[j]) return;
      run.differences.push({
        key: keyText(u.d.key),
        keyType: u.d.cls.keyType,
        why: u.why,
        detail: u.detail,
        old: olds[j]!,
        new: news[j]!,
      });
    });
  }
}

async function scanAndCompare(o: ReconcileOptions, run: ReconRun): Promise<Difference[]> {
  const scanned = o.direction === 'forward' ? o.pair.old : o.pair.new;
  const limiter = new RateLimiter(o.keysPerSecond ?? null);
  const diffs: Difference[] = [];
  // A cluster is scanned per master node in parallel (seed 001 §8.3.3.2), at most
  // `nodeConcurrency` at a time; digests still go through the cluster client. Each node
  // keeps its own window of `concurrency` batches, and the rate limit is shared.
  const todo = scanTargets(scanned);
  const worker = async (): Promise<void> => {
    for (let t = todo.shift(); t !== undefined && !run.aborted; t = todo.shift())
      await scanNode(o, run, t.client, limiter, diffs);
  };
  const width = Math.max(1, Math.min(o.nodeConcurrency ?? 8, todo.length));
  const results = await Promise.allSettled(Array.from({ length: width }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return diffs;
}

async function scanNode(
  o: ReconcileOptions,
  run: ReconRun,
  client: ScanTarget['client'],
  limiter: RateLimiter,
  diffs: Difference[],
): Promise<void> {
  const inflight: Promise<void>[] = [];
  try {
    for await (const { keys } of scanPages(client, '0', o.batchSize ?? 1000)) {
      if (o.signal?.aborted) {
        run.aborted = true;
        return;
      }
      await limiter.take(keys.length, o.signal);
      inflight.push(compareBatch(o, run, keys, diffs));
      if (inflight.length >= (o.concurrency ?? 4)) await inflight.shift();
      o.onProgress?.(run);
    }
  } finally {
    // On an error, let the batches in flight settle before it propagates.
    await Promise.allSettled(inflight);
  }
  await Promise.all(inflight);
}

async function compareBatch(
  o: ReconcileOptions,
  run: ReconRun,
  scannedKeys: readonly Buffer[],
  diffs: Difference[],
): Promise<void> {
  const keys: Buffer[] = [];
  const texts: string[] = [];
  const classes: KeyClass[] = [];
  for (const k of scannedKeys) {
    const text = keyText(k);
    const cls = o.scope.classify(text);
    if (cls === null) run.outOfScope++;
    else {
      keys.push(k);
      texts.push(text);
      classes.push(cls);
    }
  }
  let hints = '';
  for (const c of classes) hints += c.dataType === 'string' ? 's' : '-';
  const seen = await observeBatch(o.pair, keys, hints);
  const now = Date.now();
  for (let i = 0; i < keys.length; i++) {
    const cls = classes[i]!;
    const observed = seen[i] ?? null;
    bump(run, cls.keyType, 'scanned');
    if (observed === null || observed.old === observed.new) {
      bump(run, cls.keyType, 'equal');
      continue;
    }
    bump(run, cls.keyType, 'differing');
    const reason = describeDifference(observed.old, observed.new);
    let sample: ReconSample | null = null;
    if (run.samples.length < MAX_SAMPLES) {
      sample = { key: texts[i]!, keyType: cls.keyType, reason, outcome: 'pending' };
      run.samples.push(sample);
    }
    const d: Difference = { key: keys[i]!, cls, sample, observed, at: now };
    if (diffs.length < (o.maxDifferences ?? 100_000)) diffs.push(d);
    else {
      run.truncated = true;
      settle(run, d, 'unresolved', 'TRUNCATED');
    }
  }
}

/** Drops from `diffs` the keys that agree after the delay; the rest keep their fresh digests. */
async function recheck(o: ReconcileOptions, run: ReconRun, diffs: Difference[]): Promise<void> {
  const delay = o.recheckDelayMs ?? 30_000;
  const batch = o.batchSize ?? 1000;
  for (let round = 0; round < (o.recheckRounds ?? 1) && diffs.length > 0; round++) {
    const newest = diffs.reduce((m, d) => Math.max(m, d.at), 0);
    await sleep(newest + delay - Date.now(), o.signal);
    if (o.signal?.aborted) {
      run.aborted = true;
      return;
    }
    const still: Difference[] = [];
    for (let i = 0; i < diffs.length; i += batch) {
      const chunk = diffs.slice(i, i + batch);
      const keys = chunk.map((d) => d.key);
      const [olds, news] = await Promise.all([digestKeys(o.pair.old, keys), digestKeys(o.pair.new, keys)]);
      const now = Date.now();
      chunk.forEach((d, j) => {
        d.observed = { old: olds[j]!, new: news[j]! };
        d.at = now;
        if (olds[j] === news[j]) settle(run, d, 'resolvedOnRecheck');
        else still.push(d);
      });
    }
    diffs.splice(0, diffs.length, ...still);
  }
}

async function repairAll(o: ReconcileOptions, run: ReconRun, diffs: Difference[]): Promise<void> {
  const todo = diffs.splice(0, diffs.length);
  const worker = async (): Promise<void> => {
    for (let d = todo.pop(); d !== undefined; d = todo.pop()) {
      const r = await repairOne(o, d);
      settle(run, d, r.outcome, r.why, r.detail);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

interface Settled {
  outcome: 'repaired' | 'resolvedOnRecheck' | 'unresolved';
  why?: UnresolvedWhy;
  detail?: string;
}

async function repairOne(o: ReconcileOptions, d: Difference): Promise<Settled> {
  try {
    const r = await repairKey(o.pair, d.key, { truth: o.truth, valueFormat: d.cls.valueFormat }, d.observed);
    if (r.outcome === 'repaired') return { outcome: 'repaired' };
    if (r.outcome === 'equal') return { outcome: 'resolvedOnRecheck' };
    if (r.outcome === 'unsupported') return { outcome: 'unresolved', why: 'UNSUPPORTED_TYPE' };
    if (r.outcome === 'aheadOfTruth')
      return { outcome: 'unresolved', why: 'AHEAD_OF_TRUTH', ...(r.detail ? { detail: r.detail } : {}) };
    // A concurrent write beat the CAS: it counts only if the sides still disagree.
    const now = await observeKey(o.pair, d.key);
    return now.old === now.new ? { outcome: 'resolvedOnRecheck' } : { outcome: 'unresolved', why: 'CONFLICT' };
  } catch (err) {
    return { outcome: 'unresolved', why: 'ERROR', detail: err instanceof Error ? err.message : String(err) };
  }
}

function settle(
  run: ReconRun,
  d: Difference,
  outcome: 'resolvedOnRecheck' | 'repaired' | 'unresolved',
  why: UnresolvedWhy = 'ERROR',
  detail?: string,
): void {
  bump(run, d.cls.keyType, outcome);
  if (d.sample) d.sample.outcome = outcome;
  const list = unresolvedOf.get(run);
  if (outcome === 'unresolved' && list && list.length < MAX_DIFFERENCES_DESCRIBED)
    list.push({ d, why, detail: detail ?? UNRESOLVED_WHY[why] });
}
