/**
 * Heartbeat summaries → 10 s time-series buckets in Postgres (docs/METRICS.md).
 *
 * A worker heartbeats every few seconds with counter deltas over its window. Each summary is
 * merged into the bucket its arrival time falls in (one row per worker and bucket): counters
 * add up, latency keeps the worst value of the merged summaries, maps add up per entry, hot
 * and big keys keep their worst sample. Old buckets are pruned at most once a minute.
 */
import { toDbJson, type Db } from '../db.ts';
import { ZMetricsSummary, type TMetricsSummary } from './metrics-summary.ts';

export const BUCKET_MS = 10_000;
export const DEFAULT_RETENTION_DAYS = 7;
/** Hot and big keys kept per bucket row: enough for a top-20 table, bounded row size. */
const KEYS_PER_BUCKET = 20;
const PRUNE_EVERY_MS = 60_000;

export const bucketStartOf = (at: Date): Date => new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);

type Counts = Record<string, number>;
type InstanceCounts = TMetricsSummary['byInstance'];
type InstanceCount = InstanceCounts[string];
type HotKey = TMetricsSummary['hotKeys'][number];
type BigKey = TMetricsSummary['bigKeys'][number];

export interface MetricsOptions {
  retentionDays?: number;
  now?: Date;
}

let lastPruneAt = 0;

/**
 * Stores the summary of one heartbeat. Returns false (and stores nothing) when the heartbeat
 * carries no summary or one of another shape: a metrics problem must never cost a worker its
 * heartbeat.
 */
export async function recordHeartbeatMetrics(
  db: Db,
  beat: { name: string; region: string; summary?: unknown },
  options: MetricsOptions = {},
): Promise<boolean> {
  const parsed = ZMetricsSummary.safeParse(beat.summary);
  if (!parsed.success) return false;
  const now = options.now ?? new Date();
  await mergeIntoBucket(db, beat.name, beat.region, bucketStartOf(now), parsed.data);
  if (now.getTime() - lastPruneAt >= PRUNE_EVERY_MS) {
    lastPruneAt = now.getTime();
    await pruneMetrics(db, options.retentionDays ?? DEFAULT_RETENTION_DAYS, now);
  }
  return true;
}

/** Deletes buckets older than the retention; returns how many rows went. */
export async function pruneMetrics(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const { count } = await db.metricBucket.deleteMany({ where: { bucketStart: { lt: cutoff } } });
  return count;
}

async function mergeIntoBucket(
  db: Db,
  worker: string,
  region: string,
  bucketStart: Date,
  s: TMetricsSummary,
): Promise<void> {
  const fresh = rowOf(s);
  // A worker heartbeats serially, so two writers of one row are rare; on a lost create race
  // the retry finds the row and merges.
  for (let attempt = 0; ; attempt++) {
    try {
      await db.$transaction(async (tx) => {
        const existing = await tx.metricBucket.findUnique({ where: { worker_bucketStart: { worker, bucketStart } } });
        if (!existing) {
          await tx.metricBucket.create({ data: { worker, region, bucketStart, ...dbRow(fresh) } });
          return;
        }
        const merged = mergeRows(rowFromDb(existing), fresh);
        await tx.metricBucket.update({
          where: { worker_bucketStart: { worker, bucketStart } },
          data: { region, ...dbRow(merged) },
        });
      });
      return;
    } catch (err) {
      if (attempt >= 1 || (err as { code?: string }).code !== 'P2002') throw err;
    }
  }
}

/** The mergeable content of one bucket row. */
export interface BucketRow {
  beats: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  drops: number;
  cacheHits: number;
  cacheMisses: number;
  staleServes: number;
  inFlight: number;
  byCaller: Counts;
  byInstance: InstanceCounts;
  /** `throttles`: hot-key throttle refusals by key (seed 003); absent in rows written before it. */
  dropDetail: { callers: Counts; keys: Counts; throttles?: Counts };
  hotKeys: HotKey[];
  bigKeys: BigKey[];
  breakers: Record<string, string>;
}

const int = (n: number): number => Math.round(n);

function rowOf(s: TMetricsSummary): BucketRow {
  const dropTotal = sum(Object.values(s.drops.callers)) + sum(Object.values(s.drops.keys));
  return {
    beats: 1,
    requests: int(s.requests),
    errors: int(s.errors),
    p50: s.latencyMs.p50,
    p99: s.latencyMs.p99,
    drops: int(dropTotal),
    cacheHits: int(s.cache.hits),
    cacheMisses: int(s.cache.misses),
    staleServes: int(s.cache.staleServes),
    inFlight: int(s.inFlight),
    byCaller: s.byCaller,
    byInstance: s.byInstance,
    dropDetail: { callers: s.drops.callers, keys: s.drops.keys, throttles: s.drops.throttles ?? {} },
    hotKeys: topBy(s.hotKeys, (k) => k.qps),
    bigKeys: topBy(s.bigKeys, (k) => k.bytes),
    breakers: s.breakers,
  };
}

/** Two summaries in one bucket: counters add, latency and in-flight keep the worst, breakers the latest. */
export function mergeRows(a: BucketRow, b: BucketRow): BucketRow {
  return {
    beats: a.beats + b.beats,
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    p50: Math.max(a.p50, b.p50),
    p99: Math.max(a.p99, b.p99),
    drops: a.drops + b.drops,
    cacheHits: a.cacheHits + b.cacheHits,
    cacheMisses: a.cacheMisses + b.cacheMisses,
    staleServes: a.staleServes + b.staleServes,
    inFlight: Math.max(a.inFlight, b.inFlight),
    byCaller: addCounts(a.byCaller, b.byCaller),
    byInstance: addInstanceCounts(a.byInstance, b.byInstance),
    dropDetail: {
      callers: addCounts(a.dropDetail.callers, b.dropDetail.callers),
      keys: addCounts(a.dropDetail.keys, b.dropDetail.keys),
      throttles: addCounts(a.dropDetail.throttles ?? {}, b.dropDetail.throttles ?? {}),
    },
    hotKeys: topBy(
      worstPerKey([...a.hotKeys, ...b.hotKeys], (k) => k.qps),
      (k) => k.qps,
    ),
    bigKeys: topBy(
      worstPerKey([...a.bigKeys, ...b.bigKeys], (k) => k.bytes),
      (k) => k.bytes,
    ),
    breakers: { ...a.breakers, ...b.breakers },
  };
}

const sum = (values: number[]): number => values.reduce((acc, n) => acc + n, 0);

export function addCounts(a: Counts, b: Counts): Counts {
  const out: Counts = { ...a };
  for (const [name, n] of Object.entries(b)) out[name] = (out[name] ?? 0) + n;
  return out;
}

function addInstanceCounts(a: InstanceCounts, b: InstanceCounts): InstanceCounts {
  const out: InstanceCounts = { ...a };
  for (const [name, c] of Object.entries(b)) {
    const prev = out[name];
    out[name] = prev === undefined ? c : addInstanceCount(prev, c);
  }
  return out;
}

/** The read/write split stays absent only when neither side has it (buckets from older workers). */
function addInstanceCount(a: InstanceCount, b: InstanceCount): InstanceCount {
  const out: InstanceCount = { requests: a.requests + b.requests, errors: a.errors + b.errors };
  if (a.reads === undefined && b.reads === undefined && a.writes === undefined && b.writes === undefined) return out;
  const callers: NonNullable<InstanceCount['callers']> = { ...a.callers };
  for (const [caller, c] of Object.entries(b.callers ?? {})) {
    const prev = callers[caller] ?? { reads: 0, writes: 0 };
    callers[caller] = { reads: prev.reads + c.reads, writes: prev.writes + c.writes };
  }
  return { ...out, reads: (a.reads ?? 0) + (b.reads ?? 0), writes: (a.writes ?? 0) + (b.writes ?? 0), callers };
}

export function worstPerKey<T extends { key: string }>(items: readonly T[], score: (item: T) => number): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const prev = best.get(item.key);
    if (!prev || score(item) > score(prev)) best.set(item.key, item);
  }
  return [...best.values()];
}

function topBy<T>(items: readonly T[], score: (item: T) => number): T[] {
  return [...items].sort((x, y) => score(y) - score(x)).slice(0, KEYS_PER_BUCKET);
}

function dbRow(row: BucketRow) {
  return {
    ...row,
    byCaller: toDbJson(row.byCaller) ?? {},
    byInstance: toDbJson(row.byInstance) ?? {},
    dropDetail: toDbJson(row.dropDetail) ?? {},
    hotKeys: toDbJson(row.hotKeys) ?? [],
    bigKeys: toDbJson(row.bigKeys) ?? [],
    breakers: toDbJson(row.breakers) ?? {},
  };
}

/** A stored row back into mergeable form; JSON columns are re-validated, not trusted. */
export function rowFromDb(row: {
  beats: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  drops: number;
  cacheHits: number;
  cacheMisses: number;
  staleServes: number;
  inFlight: number;
  byCaller: unknown;
  byInstance: unknown;
  dropDetail: unknown;
  hotKeys: unknown;
  bigKeys: unknown;
  breakers: unknown;
}): BucketRow {
  const json = ZMetricsSummary.shape;
  return {
    ...row,
    byCaller: json.byCaller.catch({}).parse(row.byCaller),
    byInstance: json.byInstance.catch({}).parse(row.byInstance),
    dropDetail: json.drops.catch({ callers: {}, keys: {} }).parse(row.dropDetail),
    hotKeys: json.hotKeys.catch([]).parse(row.hotKeys),
    bigKeys: json.bigKeys.catch([]).parse(row.bigKeys),
    breakers: json.breakers.catch({}).parse(row.breakers),
  };
}
