/**
 * The capacity side of a failover preview (issue 18), from the last minutes of heartbeat
 * metrics: the ops/s each moving home serves today (per code), its dataset bytes (what the
 * mirrors must hold), the hot keys among it, and each receiving instance's ops/s before and
 * after against its `opsCapacity`. Rates are over the buckets that have data, so a fleet that
 * just started is not read as idle.
 */
import { compileConfig, isRouteFailure, routeKey, type TConfigSnapshot } from '@switchyard/core';
import type { Db } from '../../db.ts';
import { BUCKET_MS, rowFromDb, worstPerKey } from '../metrics-service.ts';
import { probeDataset } from '../redis-admin.ts';

export interface TMove {
  code: number;
  identity: string;
  fromInstance: string;
  toInstance: string | null;
}

export interface TTrafficImpact {
  windowSec: number;
  qps: {
    total: number;
    byCode: { code: number; identity: string; instance: string; qps: number }[];
    /** Heartbeats count requests per instance, not reads and writes apart. */
    reads: null;
    writes: null;
  };
  /** Dataset bytes of the moving homes (INFO used_memory_dataset); null when one is unreachable. */
  memoryBytes: number | null;
  hotKeys: { key: string; qps: number; code: number | null; instance: string }[];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Requests per second per instance and the worst hot keys, over complete buckets in the window. */
export async function recentTraffic(db: Db, windowSec: number, now: Date) {
  const current = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS;
  const rows = (await db.metricBucket.findMany({ where: { bucketStart: { gte: new Date(now.getTime() - windowSec * 1000), lt: new Date(current) } } })).map((r) => ({ worker: r.worker, start: r.bucketStart.getTime(), ...rowFromDb(r) }));
  const starts = rows.map((r) => r.start);
  const seconds = starts.length === 0 ? 1 : (Math.max(...starts) - Math.min(...starts) + BUCKET_MS) / 1000;
  const perInstance = new Map<string, number>();
  for (const row of rows) for (const [name, c] of Object.entries(row.byInstance)) perInstance.set(name, (perInstance.get(name) ?? 0) + c.requests);
  const qps = new Map([...perInstance].map(([name, n]) => [name, n / seconds]));
  const hot = new Map<string, number>();
  const workers = new Set(rows.map((r) => r.worker));
  for (const w of workers) for (const k of worstPerKey(rows.filter((r) => r.worker === w).flatMap((r) => r.hotKeys), (x) => x.qps)) hot.set(k.key, (hot.get(k.key) ?? 0) + k.qps);
  return { qps, hot };
}

export async function trafficImpact(db: Db, snapshot: TConfigSnapshot, moves: readonly TMove[], windowSec: number, timeoutMs: number, now: Date): Promise<{ impact: TTrafficImpact; qpsByInstance: Map<string, number> }> {
  const { qps, hot } = await recentTraffic(db, windowSec, now);
  const homes = new Set(moves.map((m) => m.fromInstance));
  const byCode = moves.map((m) => ({ code: m.code, identity: m.identity, instance: m.fromInstance, qps: round(qps.get(m.fromInstance) ?? 0) }));
  const total = round([...homes].reduce((sum, h) => sum + (qps.get(h) ?? 0), 0));
  const datasets = await Promise.all([...homes].map((h) => {
    const instance = snapshot.instances.find((i) => i.name === h);
    return instance ? probeDataset(instance, timeoutMs) : Promise.resolve(null);
  }));
  const memoryBytes = datasets.some((d) => d === null) ? null : datasets.reduce((sum, d) => sum + (d?.bytes ?? 0), 0);
  const cfg = compileConfig(snapshot);
  const hotKeys = [...hot].flatMap(([key, keyQps]) => {
    const d = routeKey(cfg, key);
    return !isRouteFailure(d) && homes.has(d.read) ? [{ key, qps: round(keyQps), code: d.code, instance: d.read }] : [];
  }).sort((a, b) => b.qps - a.qps).slice(0, 20);
  return { impact: { windowSec, qps: { total, byCode, reads: null, writes: null }, memoryBytes, hotKeys }, qpsByInstance: qps };
}

/** What each receiving instance would serve: its own traffic plus that of the homes it takes over. */
export function receiverOps(moves: readonly TMove[], qps: ReadonlyMap<string, number>): Map<string, { now: number; after: number }> {
  const out = new Map<string, { now: number; after: number }>();
  for (const m of moves) {
    if (!m.toInstance) continue;
    const entry = out.get(m.toInstance) ?? { now: qps.get(m.toInstance) ?? 0, after: qps.get(m.toInstance) ?? 0 };
    out.set(m.toInstance, entry);
  }
  const seen = new Set<string>();
  for (const m of moves) {
    const key = `${m.fromInstance}>${m.toInstance}`;
    if (!m.toInstance || seen.has(key)) continue;
    seen.add(key);
    const entry = out.get(m.toInstance);
    if (entry) entry.after += qps.get(m.fromInstance) ?? 0;
  }
  return out;
}
