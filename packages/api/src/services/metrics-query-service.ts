/**
 * Reads for the dashboards: time series summed over all workers, at a step that keeps every
 * chart at or under MAX_POINTS points, rates in requests per second. Aggregation runs in
 * SQL so a 7-day range never loads 480k rows into the console.
 */
import { compileKeyTypes, type TConfigSnapshot } from '@switchyard/core';
import type { Db } from '../db.ts';
import { BUCKET_MS, rowFromDb, worstPerKey } from './metrics-service.ts';
import { dropExpiredRules, latestVersion } from './publish-service.ts';
import { parseStoredSnapshot } from './draft-service.ts';

export const MAX_POINTS = 360;

export interface TSeries {
  stepSec: number;
  series: string[];
  points: { t: number; values: Record<string, number> }[];
}

export interface TWindow {
  since: Date;
  stepMs: number;
  firstStep: number;
  lastStep: number;
}

export function windowOf(sinceSec: number, now = new Date()): TWindow {
  const stepMs = Math.max(BUCKET_MS, Math.ceil((sinceSec * 1000) / MAX_POINTS / BUCKET_MS) * BUCKET_MS);
  const since = new Date(now.getTime() - sinceSec * 1000);
  // The bucket now filling is left out: its rate would read low until its heartbeats are in.
  const lastComplete = now.getTime() - BUCKET_MS;
  return {
    since,
    stepMs,
    firstStep: Math.floor(since.getTime() / stepMs),
    lastStep: Math.floor(lastComplete / stepMs),
  };
}

interface Cell {
  step: bigint | number;
  name: string;
  value: unknown;
}

/** Cells (step, series name, value) → a dense series: every step present, missing cells 0. */
function toSeries(w: TWindow, cells: readonly Cell[], names?: readonly string[]): TSeries {
  const byStep = new Map<number, Record<string, number>>();
  const seen = new Set<string>(names ?? []);
  for (const cell of cells) {
    const step = Number(cell.step);
    const values = byStep.get(step) ?? {};
    values[cell.name] = (values[cell.name] ?? 0) + Number(cell.value ?? 0);
    byStep.set(step, values);
    seen.add(cell.name);
  }
  const series = [...seen].sort();
  const points: TSeries['points'] = [];
  for (let step = w.firstStep; step <= w.lastStep; step++) {
    const values = byStep.get(step) ?? {};
    points.push({
      t: step * w.stepMs,
      values: Object.fromEntries(series.map((name) => [name, round(values[name] ?? 0)])),
    });
  }
  return { stepSec: w.stepMs / 1000, series, points };
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Requests per second by caller, or by the region of the instance that served them. */
export async function trafficSeries(
  db: Db,
  sinceSec: number,
  by: 'region' | 'caller',
  now = new Date(),
): Promise<TSeries> {
  const w = windowOf(sinceSec, now);
  const perSec = w.stepMs / 1000;
  if (by === 'caller') {
    const cells = await db.$queryRaw<Cell[]>`
      SELECT floor(extract(epoch from m."bucketStart") * 1000 / ${w.stepMs})::bigint AS step, c.key AS name, sum(c.value::numeric) / ${perSec} AS value
      FROM "MetricBucket" m, jsonb_each_text(m."byCaller") c
      WHERE m."bucketStart" >= ${w.since} GROUP BY 1, 2`;
    return toSeries(w, cells);
  }
  const [cells, regions] = await Promise.all([instanceCells(db, w, 'requests'), instanceRegions(db)]);
  return toSeries(
    w,
    cells.map((c) => ({ ...c, name: regions.get(c.name) ?? 'unknown' })),
    [...new Set(regions.values())],
  );
}

/** Errors per second by backend instance. */
export async function errorsByInstanceSeries(db: Db, sinceSec: number, now = new Date()): Promise<TSeries> {
  const w = windowOf(sinceSec, now);
  return toSeries(w, await instanceCells(db, w, 'errors'));
}

/**
 * Requests no backend served (degradation drops, QPS limits, busy refusals) are reported
 * under the instance '-'; they are not backend traffic or backend errors, and the drops
 * chart counts them already, so they stay out of the per-instance and per-region series.
 */
async function instanceCells(db: Db, w: TWindow, field: 'requests' | 'errors'): Promise<Cell[]> {
  return db.$queryRaw<Cell[]>`
    SELECT floor(extract(epoch from m."bucketStart") * 1000 / ${w.stepMs})::bigint AS step, i.key AS name, sum((i.value ->> ${field})::numeric) / ${w.stepMs / 1000} AS value
    FROM "MetricBucket" m, jsonb_each(m."byInstance") i
    WHERE m."bucketStart" >= ${w.since} AND i.key <> '-' GROUP BY 1, 2`;
}

/** Instance name → region, from the published snapshot (what the workers route with). */
async function instanceRegions(db: Db): Promise<Map<string, string>> {
  const snapshot = await publishedSnapshot(db);
  return new Map((snapshot?.instances ?? []).map((instance) => [instance.name, instance.region]));
}

async function publishedSnapshot(db: Db): Promise<TConfigSnapshot | null> {
  const row = await latestVersion(db);
  return row ? parseStoredSnapshot(row.snapshot) : null;
}

/** p50 is the request-weighted mean of the workers' p50s; p99 the worst worker's p99. */
export async function latencySeries(db: Db, sinceSec: number, now = new Date()): Promise<TSeries> {
  const w = windowOf(sinceSec, now);
  const rows = await db.$queryRaw<{ step: bigint; p50: unknown; p99: unknown }[]>`
    SELECT floor(extract(epoch from m."bucketStart") * 1000 / ${w.stepMs})::bigint AS step,
      coalesce(sum(m."p50" * m."requests") / nullif(sum(m."requests"), 0), max(m."p50")) AS p50, max(m."p99") AS p99
    FROM "MetricBucket" m WHERE m."bucketStart" >= ${w.since} GROUP BY 1`;
  return toSeries(
    w,
    rows.flatMap((r) => [
      { step: r.step, name: 'p50', value: r.p50 },
      { step: r.step, name: 'p99', value: r.p99 },
    ]),
    ['p50', 'p99'],
  );
}

/** Cache hits, misses and stale serves per second, and the hit ratio (0–1) per step. */
export async function cacheSeries(db: Db, sinceSec: number, now = new Date()): Promise<TSeries> {
  const w = windowOf(sinceSec, now);
  const perSec = w.stepMs / 1000;
  const rows = await db.$queryRaw<{ step: bigint; hits: unknown; misses: unknown; stale: unknown }[]>`
    SELECT floor(extract(epoch from m."bucketStart") * 1000 / ${w.stepMs})::bigint AS step, sum(m."cacheHits") AS hits, sum(m."cacheMisses") AS misses, sum(m."staleServes") AS stale
    FROM "MetricBucket" m WHERE m."bucketStart" >= ${w.since} GROUP BY 1`;
  const cells = rows.flatMap((r) => {
    const hits = Number(r.hits);
    const misses = Number(r.misses);
    return [
      { step: r.step, name: 'hits', value: hits / perSec },
      { step: r.step, name: 'misses', value: misses / perSec },
      { step: r.step, name: 'staleServes', value: Number(r.stale) / perSec },
      { step: r.step, name: 'hitRatio', value: hits + misses > 0 ? hits / (hits + misses) : 0 },
    ];
  });
  return toSeries(w, cells, ['hits', 'misses', 'staleServes', 'hitRatio']);
}

export interface TDrops {
  series: TSeries;
  /** Drops in the whole window, per caller and per key. */
  callers: Record<string, number>;
  keys: Record<string, number>;
  /** Hot-key throttle refusals by rule key (seed 003). */
  throttles: Record<string, number>;
  /** False when no bucket exists in the window (no worker reports metrics). */
  reported: boolean;
}

export async function dropsOverview(db: Db, sinceSec: number, now = new Date()): Promise<TDrops> {
  const w = windowOf(sinceSec, now);
  const [cells, detail] = await Promise.all([
    db.$queryRaw<Cell[]>`
      SELECT floor(extract(epoch from m."bucketStart") * 1000 / ${w.stepMs})::bigint AS step, 'drops' AS name, sum(m."drops")::numeric / ${w.stepMs / 1000} AS value
      FROM "MetricBucket" m WHERE m."bucketStart" >= ${w.since} GROUP BY 1`,
    db.$queryRaw<{ kind: string; name: string; n: unknown }[]>`
      SELECT d.kind, e.key AS name, sum(e.value::numeric) AS n
      FROM "MetricBucket" m,
        LATERAL (VALUES ('callers', m."dropDetail" -> 'callers'), ('keys', m."dropDetail" -> 'keys'), ('throttles', m."dropDetail" -> 'throttles')) AS d(kind, counts),
        jsonb_each_text(coalesce(d.counts, '{}'::jsonb)) e
      WHERE m."bucketStart" >= ${w.since} GROUP BY 1, 2`,
  ]);
  const callers: Record<string, number> = {};
  const keys: Record<string, number> = {};
  const throttles: Record<string, number> = {};
  for (const row of detail)
    (row.kind === 'callers' ? callers : row.kind === 'throttles' ? throttles : keys)[row.name] = Number(row.n);
  return { series: toSeries(w, cells, ['drops']), callers, keys, throttles, reported: cells.length > 0 };
}

export interface TKeyAnnotation {
  keyType: string | null;
  cacheTier: string | null;
  dropRatio: number | null;
}

function annotator(snapshot: TConfigSnapshot | null, now: Date): (key: string) => TKeyAnnotation {
  const matcher = compileKeyTypes(snapshot?.keyTypes ?? []);
  // An expired rule is still in the published snapshot until the next publish, but workers no longer apply it.
  const live = snapshot ? dropExpiredRules(snapshot, now).degradation.keys : [];
  const drops = new Map(live.map((rule) => [rule.key, rule.ratio]));
  return (key) => {
    const match = matcher.match(key);
    return {
      keyType: match?.compiled.keyType.name ?? null,
      cacheTier: match?.compiled.keyType.cacheTier ?? null,
      dropRatio: drops.get(key) ?? null,
    };
  };
}

/** Hot keys of the window: each worker's worst qps per key, summed across workers. */
export async function hotKeys(db: Db, sinceSec: number, limit: number, now = new Date()) {
  const rows = await recentRows(db, sinceSec, now);
  const total = new Map<string, number>();
  for (const [, worker] of groupByWorker(rows)) {
    for (const hot of worstPerKey(
      worker.flatMap((r) => r.hotKeys),
      (k) => k.qps,
    ))
      total.set(hot.key, (total.get(hot.key) ?? 0) + hot.qps);
  }
  const annotate = annotator(await publishedSnapshot(db), now);
  return [...total]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, qps]) => ({ key, qps: round(qps), ...annotate(key) }));
}

/** Big keys of the window: the largest size seen per key, and how many buckets saw it. */
export async function bigKeys(db: Db, sinceSec: number, limit: number, now = new Date()) {
  const rows = await recentRows(db, sinceSec, now);
  const all = rows.flatMap((r) => r.bigKeys);
  const seen = new Map<string, number>();
  for (const big of all) seen.set(big.key, (seen.get(big.key) ?? 0) + 1);
  const annotate = annotator(await publishedSnapshot(db), now);
  return worstPerKey(all, (k) => k.bytes)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit)
    .map((big) => ({ ...big, seen: seen.get(big.key) ?? 0, ...annotate(big.key) }));
}

async function recentRows(db: Db, sinceSec: number, now: Date) {
  const rows = await db.metricBucket.findMany({
    where: { bucketStart: { gte: new Date(now.getTime() - sinceSec * 1000) } },
  });
  return rows.map((row) => ({ worker: row.worker, ...rowFromDb(row) }));
}

function groupByWorker<T extends { worker: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) out.set(row.worker, [...(out.get(row.worker) ?? []), row]);
  return out;
}
