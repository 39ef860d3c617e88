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

/** Ops/s split by the command table's write flag; null when a bucket in the window lacks the split (workers from before it). */
export interface TReadWrite {
  reads: number | null;
  writes: number | null;
}

export interface TTrafficImpact {
  windowSec: number;
  qps: TReadWrite & {
    total: number;
    /** Per moving code: the ops/s of its home instance (every code on that instance together). */
    byCode: ({ code: number; identity: string; instance: string; qps: number } & TReadWrite)[];
    /** Per caller: its reads and writes per second on the moving homes (summed over them). */
    byCaller: { caller: string; reads: number; writes: number }[];
  };
  /** Dataset bytes of the moving homes (INFO used_memory_dataset); null when one is unreachable. */
  memoryBytes: number | null;
  hotKeys: { key: string; qps: number; code: number | null; instance: string }[];
}

/** Requests per instance over the window, split into reads/writes (total and per caller) where the heartbeats carry it. */
interface TInstanceTraffic {
  requests: number;
  reads: number;
  writes: number;
  /** Requests counted without the split (older workers): reads/writes of this instance are then unknown. */
  unsplit: number;
  callers: Map<string, { reads: number; writes: number }>;
}

const round = (n: number): number => Math.round(n * 100) / 100;

type Row = ReturnType<typeof rowFromDb> & { worker: string; start: number };

function perInstance(rows: readonly Row[]): Map<string, TInstanceTraffic> {
  const out = new Map<string, TInstanceTraffic>();
  for (const row of rows) {
    for (const [name, c] of Object.entries(row.byInstance)) {
      let t = out.get(name);
      if (t === undefined) out.set(name, (t = { requests: 0, reads: 0, writes: 0, unsplit: 0, callers: new Map() }));
      t.requests += c.requests;
      // Every request is a read or a write, so a shortfall is requests from a worker without the split (a bucket can mix both).
      const split = (c.reads ?? 0) + (c.writes ?? 0);
      if (split < c.requests) t.unsplit += c.requests - split;
      t.reads += c.reads ?? 0;
      t.writes += c.writes ?? 0;
      for (const [caller, rw] of Object.entries(c.callers ?? {})) {
        const prev = t.callers.get(caller) ?? { reads: 0, writes: 0 };
        t.callers.set(caller, { reads: prev.reads + rw.reads, writes: prev.writes + rw.writes });
      }
    }
  }
  return out;
}

/**
 * Requests per second per instance (with the read/write split) and the worst hot keys, over
 * complete buckets in the window; rates divide by the span that has data.
 */
export async function recentTraffic(db: Db, windowSec: number, now: Date) {
  const current = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS;
  const rows: Row[] = (
    await db.metricBucket.findMany({
      where: { bucketStart: { gte: new Date(now.getTime() - windowSec * 1000), lt: new Date(current) } },
    })
  ).map((r) => ({ worker: r.worker, start: r.bucketStart.getTime(), ...rowFromDb(r) }));
  const starts = rows.map((r) => r.start);
  const seconds = starts.length === 0 ? 1 : (Math.max(...starts) - Math.min(...starts) + BUCKET_MS) / 1000;
  const traffic = perInstance(rows);
  const qps = new Map([...traffic].map(([name, t]) => [name, t.requests / seconds]));
  const hot = new Map<string, number>();
  const workers = new Set(rows.map((r) => r.worker));
  for (const w of workers)
    for (const k of worstPerKey(
      rows.filter((r) => r.worker === w).flatMap((r) => r.hotKeys),
      (x) => x.qps,
    ))
      hot.set(k.key, (hot.get(k.key) ?? 0) + k.qps);
  // byCaller counts every outcome, drops included: the load each caller offers.
  const callers = new Map<string, number>();
  for (const row of rows)
    for (const [caller, n] of Object.entries(row.byCaller))
      callers.set(caller, (callers.get(caller) ?? 0) + n / seconds);
  return { qps, hot, traffic, seconds, callers };
}

/** Reads and writes per second of a set of instances; null when one of them lacks the split. */
function readWrite(
  traffic: ReadonlyMap<string, TInstanceTraffic>,
  instances: Iterable<string>,
  seconds: number,
): TReadWrite {
  let reads = 0;
  let writes = 0;
  for (const name of instances) {
    const t = traffic.get(name);
    if (t === undefined) continue;
    if (t.unsplit > 0) return { reads: null, writes: null };
    reads += t.reads;
    writes += t.writes;
  }
  return { reads: round(reads / seconds), writes: round(writes / seconds) };
}

function callersOf(
  traffic: ReadonlyMap<string, TInstanceTraffic>,
  instances: Iterable<string>,
  seconds: number,
): TTrafficImpact['qps']['byCaller'] {
  const sums = new Map<string, { reads: number; writes: number }>();
  for (const name of instances) {
    for (const [caller, rw] of traffic.get(name)?.callers ?? []) {
      const prev = sums.get(caller) ?? { reads: 0, writes: 0 };
      sums.set(caller, { reads: prev.reads + rw.reads, writes: prev.writes + rw.writes });
    }
  }
  return [...sums]
    .map(([caller, rw]) => ({ caller, reads: round(rw.reads / seconds), writes: round(rw.writes / seconds) }))
    .sort((a, b) => b.reads + b.writes - a.reads - a.writes);
}

export async function trafficImpact(
  db: Db,
  snapshot: TConfigSnapshot,
  moves: readonly TMove[],
  windowSec: number,
  timeoutMs: number,
  now: Date,
): Promise<{ impact: TTrafficImpact; qpsByInstance: Map<string, number> }> {
  const { qps, hot, traffic, seconds } = await recentTraffic(db, windowSec, now);
  const homes = new Set(moves.map((m) => m.fromInstance));
  const byCode = moves.map((m) => ({
    code: m.code,
    identity: m.identity,
    instance: m.fromInstance,
    qps: round(qps.get(m.fromInstance) ?? 0),
    ...readWrite(traffic, [m.fromInstance], seconds),
  }));
  const total = round([...homes].reduce((sum, h) => sum + (qps.get(h) ?? 0), 0));
  const datasets = await Promise.all(
    [...homes].map((h) => {
      const instance = snapshot.instances.find((i) => i.name === h);
      return instance ? probeDataset(instance, timeoutMs) : Promise.resolve(null);
    }),
  );
  const memoryBytes = datasets.some((d) => d === null) ? null : datasets.reduce((sum, d) => sum + (d?.bytes ?? 0), 0);
  const cfg = compileConfig(snapshot);
  const hotKeys = [...hot]
    .flatMap(([key, keyQps]) => {
      const d = routeKey(cfg, key);
      return !isRouteFailure(d) && homes.has(d.read)
        ? [{ key, qps: round(keyQps), code: d.code, instance: d.read }]
        : [];
    })
    .sort((a, b) => b.qps - a.qps)
    .slice(0, 20);
  return {
    impact: {
      windowSec,
      qps: { total, byCode, ...readWrite(traffic, homes, seconds), byCaller: callersOf(traffic, homes, seconds) },
      memoryBytes,
      hotKeys,
    },
    qpsByInstance: qps,
  };
}

/** What each receiving instance would serve: its own traffic plus that of the homes it takes over. */
export function receiverOps(
  moves: readonly TMove[],
  qps: ReadonlyMap<string, number>,
): Map<string, { now: number; after: number }> {
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
